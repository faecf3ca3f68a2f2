using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests.Contract;

public sealed class MockProducerTests(MockClusterFixture fixture) : ProducerContractTests(fixture), IClassFixture<MockClusterFixture>;
