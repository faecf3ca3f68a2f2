using System.Buffers;
using System.Buffers.Binary;

namespace Streaming.Streams.Kstream.Internal.ForeignKey;

/// <summary>What a left-table update asks of the right side, as Kafka's <c>SubscriptionWrapper.Instruction</c> (the byte values match).</summary>
internal enum SubscriptionInstruction : byte
{
    /// <summary>Unsubscribe, and answer with a null right value (the left row is gone, or its new foreign key is null).</summary>
    DeleteKeyAndPropagate = 0,

    /// <summary>Unsubscribe without answering (the foreign key changed; the new subscription answers).</summary>
    DeleteKeyNoPropagate = 1,

    /// <summary>Subscribe and always answer, with null when the right table has no value.</summary>
    PropagateNullIfNoForeignValue = 2,

    /// <summary>Subscribe and answer only when the right table has a value.</summary>
    PropagateOnlyIfForeignValue = 3,
}

/// <summary>A subscription of a left row (primary key) to a foreign key, with the hash of the left value it was made for.</summary>
internal readonly record struct SubscriptionWrapper<TKey>(bool HasHash, long Hash1, long Hash2, SubscriptionInstruction Instruction, TKey PrimaryKey, int PrimaryPartition);

/// <summary>
/// The subscription topic's and store's value in Kafka's v1 layout: a byte with the version (1) and 0x80 when there is no
/// hash, the instruction byte, the 16-byte hash (two big-endian int64) when present, the primary key, then the primary
/// partition (int32 big-endian).
/// </summary>
internal sealed class SubscriptionWrapperSerde<TKey>(Serde<TKey> keySerde) : ISerializer<SubscriptionWrapper<TKey>>, IDeserializer<SubscriptionWrapper<TKey>>
{
    private const byte Version = 1;

    public Serde<SubscriptionWrapper<TKey>> AsSerde() => new(this, this);

    public void Serialize(SubscriptionWrapper<TKey> data, IBufferWriter<byte> destination, SerializationContext context)
    {
        int header = data.HasHash ? 18 : 2;
        Span<byte> head = destination.GetSpan(header);
        head[0] = data.HasHash ? Version : (byte)(Version | 0x80);
        head[1] = (byte)data.Instruction;
        if (data.HasHash)
        {
            BinaryPrimitives.WriteInt64BigEndian(head[2..], data.Hash1);
            BinaryPrimitives.WriteInt64BigEndian(head[10..], data.Hash2);
        }
        destination.Advance(header);
        keySerde.Serializer.Serialize(data.PrimaryKey, destination, context);
        BinaryPrimitives.WriteInt32BigEndian(destination.GetSpan(4), data.PrimaryPartition);
        destination.Advance(4);
    }

    public SubscriptionWrapper<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.Length < 6) throw new StreamsException($"a foreign-key subscription of '{context.Topic}' is {(isNull ? "null" : $"only {data.Length} bytes")}");
        int version = data[0] & 0x7F;
        if (version != Version) throw new StreamsException($"a foreign-key subscription of '{context.Topic}' has version {version}; only {Version} is supported");
        bool hasHash = (data[0] & 0x80) == 0;
        var instruction = (SubscriptionInstruction)data[1];
        int offset = 2;
        long h1 = 0, h2 = 0;
        if (hasHash)
        {
            h1 = BinaryPrimitives.ReadInt64BigEndian(data[2..]);
            h2 = BinaryPrimitives.ReadInt64BigEndian(data[10..]);
            offset = 18;
        }
        TKey key = keySerde.Deserializer.Deserialize(data[offset..^4], false, context);
        return new SubscriptionWrapper<TKey>(hasHash, h1, h2, instruction, key, BinaryPrimitives.ReadInt32BigEndian(data[^4..]));
    }
}

/// <summary>A right side's answer to a subscription: the hash it was made for and the right value (absent when null).</summary>
internal readonly record struct SubscriptionResponse<TValue>(bool HasHash, long Hash1, long Hash2, TValue ForeignValue, bool HasForeignValue);

/// <summary>The response topic's value in Kafka's v0 layout: version byte (0x80 when no hash), the hash when present, then the right value's bytes (none for null).</summary>
internal sealed class SubscriptionResponseSerde<TValue>(Serde<TValue> valueSerde) : ISerializer<SubscriptionResponse<TValue>>, IDeserializer<SubscriptionResponse<TValue>>
{
    public Serde<SubscriptionResponse<TValue>> AsSerde() => new(this, this);

    public void Serialize(SubscriptionResponse<TValue> data, IBufferWriter<byte> destination, SerializationContext context)
    {
        int header = data.HasHash ? 17 : 1;
        Span<byte> head = destination.GetSpan(header);
        head[0] = data.HasHash ? (byte)0 : (byte)0x80;
        if (data.HasHash)
        {
            BinaryPrimitives.WriteInt64BigEndian(head[1..], data.Hash1);
            BinaryPrimitives.WriteInt64BigEndian(head[9..], data.Hash2);
        }
        destination.Advance(header);
        if (data.HasForeignValue) valueSerde.Serializer.Serialize(data.ForeignValue, destination, context);
    }

    public SubscriptionResponse<TValue> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.IsEmpty) throw new StreamsException($"a foreign-key response of '{context.Topic}' is empty");
        bool hasHash = (data[0] & 0x80) == 0;
        int offset = hasHash ? 17 : 1;
        long h1 = hasHash ? BinaryPrimitives.ReadInt64BigEndian(data[1..]) : 0;
        long h2 = hasHash ? BinaryPrimitives.ReadInt64BigEndian(data[9..]) : 0;
        bool hasValue = data.Length > offset;
        TValue value = hasValue ? valueSerde.Deserializer.Deserialize(data[offset..], false, context) : default!;
        return new SubscriptionResponse<TValue>(hasHash, h1, h2, value, hasValue && value is not null);
    }
}
