using System.Buffers.Binary;
using System.Text;

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
        var buffer = new byte[2 + StringSize(group) + StringSize(topic) + 4];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, KeyVersion);
        int p = 2;
        p += WriteString(span[p..], group);
        p += WriteString(span[p..], topic);
        BinaryPrimitives.WriteInt32BigEndian(span[p..], partition);
        return buffer;
    }

    public static byte[] EncodeValue(long offset, string? metadata, long commitTimestamp)
    {
        metadata ??= "";
        var buffer = new byte[2 + 8 + 4 + StringSize(metadata) + 8];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, ValueVersion);
        BinaryPrimitives.WriteInt64BigEndian(span[2..], offset);
        BinaryPrimitives.WriteInt32BigEndian(span[10..], -1);
        int p = 14 + WriteString(span[14..], metadata);
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
        if (!TryReadString(key, ref p, out group) || !TryReadString(key, ref p, out topic) || key.Length - p < 4) return false;
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
        if (!TryReadString(value, ref p, out metadata) || value.Length - p < 8) return false;
        commitTimestamp = BinaryPrimitives.ReadInt64BigEndian(value[p..]);
        return true;
    }

    private static int StringSize(string s) => 2 + Encoding.UTF8.GetByteCount(s);

    private static int WriteString(Span<byte> span, string s)
    {
        int n = Encoding.UTF8.GetBytes(s, span[2..]);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)n);
        return 2 + n;
    }

    private static bool TryReadString(ReadOnlySpan<byte> span, ref int p, out string s)
    {
        s = "";
        if (span.Length - p < 2) return false;
        int n = BinaryPrimitives.ReadInt16BigEndian(span[p..]);
        if (n < 0 || span.Length - p - 2 < n) return false;
        s = Encoding.UTF8.GetString(span.Slice(p + 2, n));
        p += 2 + n;
        return true;
    }
}
