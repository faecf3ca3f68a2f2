using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests.Contract;

public sealed class MockConsumerTests(MockClusterFixture fixture) : ConsumerContractTests(fixture), IClassFixture<MockClusterFixture>
{
    [Fact(Skip = MockLimits.NoTimestampIndex)]
    public override Task OffsetsForTimes_FindsTheFirstRecordAtOrAfterTheTimestamp() => base.OffsetsForTimes_FindsTheFirstRecordAtOrAfterTheTimestamp();
}
