using System.Diagnostics;
using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Producers;

/// <summary>
/// The injectable <see cref="IProducer{TKey, TValue}"/>: one long-lived client per key/value type pair, with the host's
/// producer configuration and serializers, a publish span whose W3C context travels in the record's headers, and the
/// sent-messages counter.
/// </summary>
internal sealed class HostedProducer<TKey, TValue>(IStreamingTransport transport, Microsoft.Extensions.Options.IOptions<StreamingOptions> options,
    IServiceProvider services, StreamingInstrumentation instrumentation) : IProducer<TKey, TValue>
{
    private readonly IProducer<TKey, TValue> _inner = transport.CreateProducer(new ProducerConfig(options.Value.Producer),
        Internal.SerializerResolver.Serializer<TKey>(services), Internal.SerializerResolver.Serializer<TValue>(services));

    public string Name => _inner.Name;

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        using var activity = StartPublish(topic, message);
        var result = await _inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
        instrumentation.Sent.Add(1, Tags.Topic(topic));
        return result;
    }

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        using var activity = StartPublish(topicPartition.Topic, message);
        var result = await _inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
        instrumentation.Sent.Add(1, Tags.Topic(topicPartition.Topic));
        return result;
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        using var activity = StartPublish(topic, message);
        _inner.Produce(topic, message, deliveryHandler);
        instrumentation.Sent.Add(1, Tags.Topic(topic));
    }

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        using var activity = StartPublish(topicPartition.Topic, message);
        _inner.Produce(topicPartition, message, deliveryHandler);
        instrumentation.Sent.Add(1, Tags.Topic(topicPartition.Topic));
    }

    private static Activity? StartPublish(string topic, Message<TKey, TValue> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = StreamingInstrumentation.ActivitySource.StartActivity($"{topic} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", topic);
        // The current activity's context when nobody listens to ours, so a trace still crosses the broker.
        var context = activity ?? Activity.Current;
        if (context is not null) message.Headers = TraceContext.Inject(context, message.Headers);
        return activity;
    }

    public int Flush(TimeSpan timeout) => _inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => _inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => _inner.InitTransactions(timeout);

    public void BeginTransaction() => _inner.BeginTransaction();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, ConsumerGroupMetadata groupMetadata, TimeSpan timeout)
        => _inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public void CommitTransaction(TimeSpan timeout) => _inner.CommitTransaction(timeout);

    public void CommitTransaction() => _inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout) => _inner.AbortTransaction(timeout);

    public void AbortTransaction() => _inner.AbortTransaction();

    public void Dispose() => _inner.Dispose();
}
