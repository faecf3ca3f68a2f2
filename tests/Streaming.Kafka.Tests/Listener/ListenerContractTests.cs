using Streaming.Contract;

namespace Streaming.Kafka.Tests.Listener;

// The transport contract suite on the Kafka transport connected to the embedded broker's listener: nothing skipped.

public sealed class ListenerProducerTests(ListenerFixture fixture) : ProducerContractTests(fixture), IClassFixture<ListenerFixture>;

public sealed class ListenerConsumerTests(ListenerFixture fixture) : ConsumerContractTests(fixture), IClassFixture<ListenerFixture>;

public sealed class ListenerGroupTests(ListenerFixture fixture) : GroupContractTests(fixture), IClassFixture<ListenerFixture>;

public sealed class ListenerTransactionTests(ListenerFixture fixture) : TransactionContractTests(fixture), IClassFixture<ListenerFixture>;

public sealed class ListenerAdminTests(ListenerFixture fixture) : AdminContractTests(fixture), IClassFixture<ListenerFixture>;
