using Streaming.Broker.Tests.TestSupport;
using Streaming.Contract;

namespace Streaming.Broker.Tests.Contract;

/// <summary>The in-process transport: an embedded broker on a temp directory, shared by a test class.</summary>
public sealed class InProcessFixture : TransportFixture
{
    private readonly BrokerHarness _harness = new(o =>
    {
        o.OffsetsTopicPartitions = 3;
        o.TransactionStateTopicPartitions = 3;
        o.GroupInitialRebalanceDelay = TimeSpan.Zero;
    });

    protected override IStreamingTransport CreateTransport() => _harness.Broker;

    public override void CreateTopic(string name, int partitions) => _harness.CreateTopic(name, partitions);

    public override void Dispose()
    {
        // The broker is the transport: disposed once, by the harness.
        _harness.Dispose();
        GC.SuppressFinalize(this);
    }
}
