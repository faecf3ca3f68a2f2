using System.Buffers;
using Streaming;
using Streaming.Streams;

namespace PageViews;

/// <summary>
/// A count that may be a deletion: written as Kafka's LongSerde writes a Long (8 bytes, big-endian), a deletion (null) as a
/// tombstone. A table of plain <c>long</c> turns its deletions into the value 0 in <c>ToStream()</c>, which a topic cannot
/// tell from a count of 0; mapping the counts to <c>long?</c> first keeps them tombstones, as Kafka's boxed Long does.
/// </summary>
public static class NullableCountSerde
{
    public static Serde<long?> Instance { get; } = new(new CountSerializer(), new CountDeserializer());

    private sealed class CountSerializer : ISerializer<long?>
    {
        // Never called with null: the sink writes a null value as a tombstone without calling the serializer.
        public void Serialize(long? data, IBufferWriter<byte> destination, SerializationContext context)
            => Serializers.Int64.Serialize(data.GetValueOrDefault(), destination, context);
    }

    private sealed class CountDeserializer : IDeserializer<long?>
    {
        public long? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
            => isNull ? null : Deserializers.Int64.Deserialize(data, false, context);
    }
}
