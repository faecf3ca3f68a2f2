using Streaming.Broker.Protocol;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Protocol;

/// <summary>An embedded broker with its Kafka listener on 127.0.0.1 and an ephemeral port.</summary>
public sealed class ListenerHarness : IAsyncDisposable
{
    public ListenerHarness(Action<EmbeddedBrokerOptions>? configure = null, Action<KafkaListenerOptions>? listener = null)
    {
        Broker = new BrokerHarness(o =>
        {
            o.OffsetsTopicPartitions = 3;
            o.TransactionStateTopicPartitions = 3;
            o.GroupInitialRebalanceDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        var options = new KafkaListenerOptions { Port = 0 };
        listener?.Invoke(options);
        Listener = KafkaListener.Start(Broker.Broker, options);
    }

    public BrokerHarness Broker { get; }

    public KafkaListener Listener { get; }

    public string BootstrapServers => Listener.BootstrapServers;

    public RawKafkaClient Connect() => new(Listener.LocalEndPoint);

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        Broker.Dispose();
    }
}
