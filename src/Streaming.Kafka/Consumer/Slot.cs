using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>
/// What Confluent.Kafka's consumer holds for a key or value: nothing itself. The bytes are handed, as a span over
/// librdkafka's buffer, to the transport (<see cref="IRecordSink"/>), which deserializes them with the framework's
/// deserializer at once, or copies them into the batch it is building (then the slot says where).
/// </summary>
internal readonly record struct Slot(int Start, int Length, bool IsNull);

/// <summary>Receives each key and value Confluent.Kafka's consumer reads, while its bytes are valid.</summary>
internal interface IRecordSink
{
    Slot OnKey(ReadOnlySpan<byte> data, bool isNull, string topic);

    Slot OnValue(ReadOnlySpan<byte> data, bool isNull, string topic);
}

/// <summary>The Confluent.Kafka deserializer that passes the bytes on to an <see cref="IRecordSink"/>.</summary>
internal sealed class SlotDeserializer(IRecordSink sink, bool isKey) : CK.IDeserializer<Slot>
{
    public Slot Deserialize(ReadOnlySpan<byte> data, bool isNull, CK.SerializationContext context)
        => isKey ? sink.OnKey(data, isNull, context.Topic) : sink.OnValue(data, isNull, context.Topic);
}
