using System.Buffers.Binary;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The key layout of window stores, as Kafka's changelogs carry it: the key's bytes, the window start (8-byte big-endian) and a
/// sequence number (4-byte big-endian; 0 unless the store retains duplicates). Byte order is key-major, then start.
/// </summary>
internal static class WindowKeySchema
{
    public const int SuffixSize = 12;

    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long windowStart, int sequence)
    {
        byte[] bytes = new byte[key.Length + SuffixSize];
        key.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length), windowStart);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(key.Length + 8), sequence);
        return bytes;
    }

    public static long WindowStart(ReadOnlySpan<byte> storeKey) => BinaryPrimitives.ReadInt64BigEndian(storeKey[^SuffixSize..]);

    public static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> storeKey) => storeKey[..^SuffixSize];

    /// <summary>True when <paramref name="storeKey"/> (found in a range of a key's bounds) belongs to that key: same length means same key.</summary>
    public static bool IsOfKeyLength(ReadOnlySpan<byte> storeKey, int keyLength) => storeKey.Length == keyLength + SuffixSize;

    public static byte[] LowerBound(ReadOnlySpan<byte> key, long from) => ToStoreKey(key, from, 0);

    public static byte[] UpperBound(ReadOnlySpan<byte> key, long to) => ToStoreKey(key, to, -1);
}

/// <summary>The key layout of session stores, as Kafka's: the key's bytes, the session end, the session start (8-byte big-endian each).</summary>
internal static class SessionKeySchema
{
    public const int SuffixSize = 16;

    public static byte[] ToStoreKey(ReadOnlySpan<byte> key, long start, long end)
    {
        byte[] bytes = new byte[key.Length + SuffixSize];
        key.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length), end);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(key.Length + 8), start);
        return bytes;
    }

    public static long End(ReadOnlySpan<byte> storeKey) => BinaryPrimitives.ReadInt64BigEndian(storeKey[^SuffixSize..]);

    public static long Start(ReadOnlySpan<byte> storeKey) => BinaryPrimitives.ReadInt64BigEndian(storeKey[^8..]);

    public static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> storeKey) => storeKey[..^SuffixSize];
}
