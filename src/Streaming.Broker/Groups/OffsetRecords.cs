using System.Buffers.Binary;
using Streaming.Broker.Internal;

namespace Streaming.Broker.Groups;

/// <summary>
/// The key and value of a committed offset in <c>__consumer_offsets</c>, laid out as Kafka's OffsetCommitKey v1
/// (version, group, topic, partition) and OffsetCommitValue v3 (version, offset, leader epoch, metadata, commit time).
/// </summary>
internal static class OffsetRecords
{
    private const short KeyVersion = 1;
    private const short ValueVersion = 3;

    public static byte[] EncodeKey(string group, string topic, int partition)
    {
        var buffer = new byte[2 + Int16String.SizeOf(group) + Int16String.SizeOf(topic) + 4];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, KeyVersion);
        int p = 2;
        p += Int16String.Write(span[p..], group);
        p += Int16String.Write(span[p..], topic);
        BinaryPrimitives.WriteInt32BigEndian(span[p..], partition);
        return buffer;
    }

    public static byte[] EncodeValue(long offset, string? metadata, long commitTimestamp)
    {
        metadata ??= "";
        var buffer = new byte[2 + 8 + 4 + Int16String.SizeOf(metadata) + 8];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, ValueVersion);
        BinaryPrimitives.WriteInt64BigEndian(span[2..], offset);
        BinaryPrimitives.WriteInt32BigEndian(span[10..], -1);
        int p = 14 + Int16String.Write(span[14..], metadata);
        BinaryPrimitives.WriteInt64BigEndian(span[p..], commitTimestamp);
        return buffer;
    }

    /// <summary>Decodes a key; false for keys of other record kinds (group metadata) or malformed ones.</summary>
    public static bool TryDecodeKey(ReadOnlySpan<byte> key, out string group, out string topic, out int partition)
    {
        group = topic = "";
        partition = 0;
        if (key.Length < 2 || BinaryPrimitives.ReadInt16BigEndian(key) is not (0 or 1)) return false;
        int p = 2;
        if (!Int16String.TryRead(key, ref p, out group) || !Int16String.TryRead(key, ref p, out topic) || key.Length - p < 4) return false;
        partition = BinaryPrimitives.ReadInt32BigEndian(key[p..]);
        return true;
    }

    public static bool TryDecodeValue(ReadOnlySpan<byte> value, out long offset, out string metadata, out long commitTimestamp)
    {
        offset = commitTimestamp = 0;
        metadata = "";
        if (value.Length < 14 || BinaryPrimitives.ReadInt16BigEndian(value) != ValueVersion) return false;
        offset = BinaryPrimitives.ReadInt64BigEndian(value[2..]);
        int p = 14;
        if (!Int16String.TryRead(value, ref p, out metadata) || value.Length - p < 8) return false;
        commitTimestamp = BinaryPrimitives.ReadInt64BigEndian(value[p..]);
        return true;
    }
}
