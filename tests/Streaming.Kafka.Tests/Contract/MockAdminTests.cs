using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests.Contract;

public sealed class MockAdminTests(MockClusterFixture fixture) : AdminContractTests(fixture), IClassFixture<MockClusterFixture>
{
    [Fact(Skip = MockLimits.NoAdminApis)]
    public override Task CreateDescribeAlterDelete_ATopicsLifeCycle() => base.CreateDescribeAlterDelete_ATopicsLifeCycle();

    [Fact(Skip = MockLimits.NoAdminApis)]
    public override Task ConsumerGroups_ListDescribeOffsetsAndDelete() => base.ConsumerGroups_ListDescribeOffsetsAndDelete();

    // librdkafka's mock cluster answers DeleteRecords with "Required feature not supported by broker"; the listener runs it.
    [Fact(Skip = MockLimits.NoAdminApis)]
    public override Task DeleteRecords_MovesTheLogStartUpAndRefusesOffsetsPastTheEnd() => base.DeleteRecords_MovesTheLogStartUpAndRefusesOffsetsPastTheEnd();
}
