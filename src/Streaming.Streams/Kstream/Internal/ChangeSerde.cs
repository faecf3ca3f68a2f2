using System.Buffers;
using Streaming.Streams.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// The value of a KTable grouping's repartition topic: a (new, old) pair in Kafka Streams' layout, so that the bytes match
/// what Kafka writes to the same topic. The last byte says what precedes it: 0 = the old value alone, 1 = the new value
/// alone, 2 = the new value's length (zigzag varint), the new value, then the old value. Kafka's versioned-store flags
/// 3-5 (an isLatest byte before the flag) are read too; they are never written.
/// </summary>
internal static class ChangeSerde
{
    public const byte OldOnly = 0;
    public const byte NewOnly = 1;
    public const byte Both = 2;

    public static Serde<Change<TValue>> Create<TValue>(Serde<TValue> inner) => new(new Serializer<TValue>(inner.Serializer), new Deserializer<TValue>(inner.Deserializer));

    private sealed class Serializer<TValue>(ISerializer<TValue> inner) : ISerializer<Change<TValue>>
    {
        // Sinks of one topology are shared by the tasks of every thread: the scratch buffer is per thread.
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_scratch;

        public void Serialize(Change<TValue> data, IBufferWriter<byte> destination, SerializationContext context)
        {
            if (data.HasNew && data.HasOld)
            {
                ArrayBufferWriter<byte> scratch = t_scratch ??= new ArrayBufferWriter<byte>();
                scratch.ResetWrittenCount();
                inner.Serialize(data.NewValue, scratch, context);
                WriteVarint(destination, scratch.WrittenCount);
                destination.Write(scratch.WrittenSpan);
                inner.Serialize(data.OldValue, destination, context);
                WriteFlag(destination, Both);
            }
            else if (data.HasNew)
            {
                inner.Serialize(data.NewValue, destination, context);
                WriteFlag(destination, NewOnly);
            }
            else if (data.HasOld)
            {
                inner.Serialize(data.OldValue, destination, context);
                WriteFlag(destination, OldOnly);
            }
            else
            {
                throw new StreamsException($"a change with neither a new nor an old value cannot be written to '{context.Topic}'");
            }
        }

        private static void WriteFlag(IBufferWriter<byte> destination, byte flag)
        {
            destination.GetSpan(1)[0] = flag;
            destination.Advance(1);
        }

        private static void WriteVarint(IBufferWriter<byte> destination, int value)
        {
            uint v = (uint)((value << 1) ^ (value >> 31));
            Span<byte> span = destination.GetSpan(5);
            int i = 0;
            while ((v & ~0x7Fu) != 0)
            {
                span[i++] = (byte)((v & 0x7F) | 0x80);
                v >>= 7;
            }
            span[i++] = (byte)v;
            destination.Advance(i);
        }
    }

    private sealed class Deserializer<TValue>(IDeserializer<TValue> inner) : IDeserializer<Change<TValue>>
    {
        public Change<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull || data.IsEmpty) throw new StreamsException($"a change record of '{context.Topic}' has no value");
            byte flag = data[^1];
            ReadOnlySpan<byte> body = flag >= 3 ? data[..^2] : data[..^1];
            switch (flag)
            {
                case OldOnly or 3:
                    return new Change<TValue>(default!, false, inner.Deserialize(body, false, context), true);
                case NewOnly or 4:
                    return Change<TValue>.Of(inner.Deserialize(body, false, context));
                case Both or 5:
                    int length = ReadVarint(body, out int read);
                    if (length < 0 || read + length > body.Length)
                        throw new StreamsException($"a change record of '{context.Topic}' has a new-value length {length} beyond its {body.Length} bytes");
                    TValue newValue = inner.Deserialize(body.Slice(read, length), false, context);
                    TValue oldValue = inner.Deserialize(body[(read + length)..], false, context);
                    return new Change<TValue>(newValue, true, oldValue, true);
                default:
                    throw new StreamsException($"a change record of '{context.Topic}' has an unknown encoding flag {flag}");
            }
        }

        private static int ReadVarint(ReadOnlySpan<byte> data, out int read)
        {
            uint value = 0;
            for (int i = 0, shift = 0; i < data.Length && shift <= 28; i++, shift += 7)
            {
                byte b = data[i];
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    read = i + 1;
                    return (int)(value >> 1) ^ -(int)(value & 1);
                }
            }
            throw new StreamsException("a change record has a malformed varint length");
        }
    }
}
