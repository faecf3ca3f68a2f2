using Streaming.Contract;

namespace Streaming.Broker.Tests.Contract;

// The transport contract suite (tests/Streaming.Contract) on the in-process transport. The Kafka transport runs the same
// classes against the embedded broker's listener and against librdkafka's mock cluster (tests/Streaming.Kafka.Tests).

public sealed class InProcessProducerTests(InProcessFixture fixture) : ProducerContractTests(fixture), IClassFixture<InProcessFixture>;

public sealed class InProcessConsumerTests(InProcessFixture fixture) : ConsumerContractTests(fixture), IClassFixture<InProcessFixture>;

public sealed class InProcessGroupTests(InProcessFixture fixture) : GroupContractTests(fixture), IClassFixture<InProcessFixture>;

public sealed class InProcessTransactionTests(InProcessFixture fixture) : TransactionContractTests(fixture), IClassFixture<InProcessFixture>;

public sealed class InProcessAdminTests(InProcessFixture fixture) : AdminContractTests(fixture), IClassFixture<InProcessFixture>;
