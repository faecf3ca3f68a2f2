using System.Buffers;
using System.Buffers.Binary;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The bytes of a timestamped store's value, as Kafka lays them out: the timestamp as a big-endian int64, then the inner
/// serde's bytes. The changelog carries only the inner bytes, with the timestamp as the record's timestamp.
/// </summary>
internal static class ValueAndTimestampSerde
{
    public const int TimestampSize = sizeof(long);

    public static Serde<ValueAndTimestamp<TValue>> Create<TValue>(Serde<TValue> inner)
        => new(new Serializer<TValue>(inner.Serializer), new Deserializer<TValue>(inner.Deserializer));

    public static long RawTimestamp(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt64BigEndian(raw);

    public static ReadOnlySpan<byte> RawValue(ReadOnlySpan<byte> raw) => raw[TimestampSize..];

    /// <summary>The stored form of a changelog record (for restoring a timestamped store): [timestamp][value].</summary>
    public static byte[] FromChangelog(ReadOnlySpan<byte> value, long timestamp)
    {
        byte[] raw = new byte[TimestampSize + value.Length];
        BinaryPrimitives.WriteInt64BigEndian(raw, timestamp);
        value.CopyTo(raw.AsSpan(TimestampSize));
        return raw;
    }

    private sealed class Serializer<TValue>(ISerializer<TValue> inner) : ISerializer<ValueAndTimestamp<TValue>>
    {
        public void Serialize(ValueAndTimestamp<TValue> data, IBufferWriter<byte> destination, SerializationContext context)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination.GetSpan(TimestampSize), data.Timestamp);
            destination.Advance(TimestampSize);
            inner.Serialize(data.Value, destination, context);
        }
    }

    private sealed class Deserializer<TValue>(IDeserializer<TValue> inner) : IDeserializer<ValueAndTimestamp<TValue>>
    {
        public ValueAndTimestamp<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull) return default;
            if (data.Length < TimestampSize)
                throw new StreamsException($"a timestamped store value must start with an 8-byte timestamp, got {data.Length} bytes");
            return new(inner.Deserialize(data[TimestampSize..], false, context), RawTimestamp(data));
        }
    }
}
