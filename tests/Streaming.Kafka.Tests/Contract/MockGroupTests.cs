using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests.Contract;

public sealed class MockGroupTests(MockClusterFixture fixture) : GroupContractTests(fixture), IClassFixture<MockClusterFixture>;
