using System.Diagnostics;
using Streaming.Hosting.Diagnostics;
using Streaming.Hosting.Internal;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// A handler's <see cref="IRecordProducer"/>: serializes with the host's serializers and sends through the worker's byte
/// producer, carrying the current trace context; when <c>buffered</c> (exactly-once), records wait for
/// <see cref="SendBuffered"/>, called once the attempt succeeded, and then go into the open transaction.
/// </summary>
internal sealed class HandlerRecordProducer(IProducer<byte[]?, byte[]?> producer, IServiceProvider services, StreamingInstrumentation instrumentation, bool buffered)
    : IRecordProducer
{
    private readonly List<(string Topic, Message<byte[]?, byte[]?> Message)>? _buffer = buffered ? [] : null;

    public async Task ProduceAsync<TKey, TValue>(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(message);
        var headers = new Headers();
        foreach (var header in message.Headers ?? []) headers.Add(header);
        TraceContext.Inject(Activity.Current, headers);
        var raw = new Message<byte[]?, byte[]?>
        {
            Key = SerializerResolver.ToBytes(SerializerResolver.Serializer<TKey>(services), message.Key, new SerializationContext(MessageComponentType.Key, topic, headers)),
            Value = SerializerResolver.ToBytes(SerializerResolver.Serializer<TValue>(services), message.Value, new SerializationContext(MessageComponentType.Value, topic, headers)),
            Headers = headers,
            Timestamp = message.Timestamp,
        };
        if (_buffer is not null)
        {
            lock (_buffer) _buffer.Add((topic, raw));
            return;
        }
        await producer.ProduceAsync(topic, raw, cancellationToken).ConfigureAwait(false);
        instrumentation.Sent.Add(1, Tags.Topic(topic));
    }

    /// <summary>Sends what a successful exactly-once attempt produced into the open transaction.</summary>
    public void SendBuffered()
    {
        if (_buffer is null) return;
        lock (_buffer)
        {
            foreach (var (topic, message) in _buffer)
            {
                producer.Produce(topic, message);
                instrumentation.Sent.Add(1, Tags.Topic(topic));
            }
            _buffer.Clear();
        }
    }
}
