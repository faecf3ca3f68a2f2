using System.Buffers;
using System.Buffers.Binary;

namespace Streaming.Streams;

/// <summary>
/// Serdes for windowed keys with Kafka's byte layouts, so that windowed results written to a topic read the same in Kafka
/// Streams: a time-windowed key is the inner key's bytes then the window start (8-byte big-endian); a session-windowed key is
/// the inner key's bytes, the session end, then the session start.
/// </summary>
public static class WindowedSerdes
{
    /// <summary>Time windows of <paramref name="windowSizeMs"/> (the end is not written: it is read back as start + size).</summary>
    public static Serde<Windowed<TKey>> TimeWindowedSerde<TKey>(Serde<TKey> inner, long windowSizeMs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSizeMs);
        return new(new TimeWindowedSerializer<TKey>(inner.Serializer), new TimeWindowedDeserializer<TKey>(inner.Deserializer, windowSizeMs));
    }

    /// <summary>Session windows (start and end both written).</summary>
    public static Serde<Windowed<TKey>> SessionWindowedSerde<TKey>(Serde<TKey> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(new SessionWindowedSerializer<TKey>(inner.Serializer), new SessionWindowedDeserializer<TKey>(inner.Deserializer));
    }

    private sealed class TimeWindowedSerializer<TKey>(ISerializer<TKey> inner) : ISerializer<Windowed<TKey>>
    {
        public void Serialize(Windowed<TKey> data, IBufferWriter<byte> destination, SerializationContext context)
        {
            inner.Serialize(data.Key, destination, context);
            BinaryPrimitives.WriteInt64BigEndian(destination.GetSpan(8), data.Window.Start);
            destination.Advance(8);
        }
    }

    private sealed class TimeWindowedDeserializer<TKey>(IDeserializer<TKey> inner, long windowSizeMs) : IDeserializer<Windowed<TKey>>
    {
        public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull) return default;
            if (data.Length < 8) throw new StreamsException($"a time-windowed key needs at least 8 bytes (the window start), got {data.Length}");
            long start = BinaryPrimitives.ReadInt64BigEndian(data[^8..]);
            // As Kafka: an end past long.MaxValue is clamped.
            long end = start > long.MaxValue - windowSizeMs ? long.MaxValue : start + windowSizeMs;
            return new(inner.Deserialize(data[..^8], false, context), new Window(start, end));
        }
    }

    private sealed class SessionWindowedSerializer<TKey>(ISerializer<TKey> inner) : ISerializer<Windowed<TKey>>
    {
        public void Serialize(Windowed<TKey> data, IBufferWriter<byte> destination, SerializationContext context)
        {
            inner.Serialize(data.Key, destination, context);
            Span<byte> span = destination.GetSpan(16);
            BinaryPrimitives.WriteInt64BigEndian(span, data.Window.End);
            BinaryPrimitives.WriteInt64BigEndian(span[8..], data.Window.Start);
            destination.Advance(16);
        }
    }

    private sealed class SessionWindowedDeserializer<TKey>(IDeserializer<TKey> inner) : IDeserializer<Windowed<TKey>>
    {
        public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull) return default;
            if (data.Length < 16) throw new StreamsException($"a session-windowed key needs at least 16 bytes (end and start), got {data.Length}");
            long end = BinaryPrimitives.ReadInt64BigEndian(data[^16..]);
            long start = BinaryPrimitives.ReadInt64BigEndian(data[^8..]);
            return new(inner.Deserialize(data[..^16], false, context), new Window(start, end));
        }
    }
}
