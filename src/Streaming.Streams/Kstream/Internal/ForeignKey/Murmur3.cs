using System.Buffers.Binary;
using System.Numerics;

namespace Streaming.Streams.Kstream.Internal.ForeignKey;

/// <summary>
/// MurmurHash3 x64 128-bit with Kafka Streams' seed (104729): the hash of a left value that travels with a foreign-key
/// subscription, so that a response computed for a value that has since changed is recognized and dropped.
/// </summary>
internal static class Murmur3
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;
    private const uint Seed = 104729;

    public static (long H1, long H2) Hash128(ReadOnlySpan<byte> data)
    {
        ulong h1 = Seed, h2 = Seed;
        int blocks = data.Length / 16;
        for (int i = 0; i < blocks; i++)
        {
            ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 16)..]);
            ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 16 + 8)..]);
            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= MixK2(k2);
            h2 = BitOperations.RotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        ReadOnlySpan<byte> tail = data[(blocks * 16)..];
        ulong t1 = 0, t2 = 0;
        for (int i = tail.Length - 1; i >= 8; i--) t2 = (t2 << 8) | tail[i];
        for (int i = Math.Min(tail.Length, 8) - 1; i >= 0; i--) t1 = (t1 << 8) | tail[i];
        if (tail.Length > 8) h2 ^= MixK2(t2);
        if (tail.Length > 0) h1 ^= MixK1(t1);
        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = Fmix64(h1);
        h2 = Fmix64(h2);
        h1 += h2;
        h2 += h1;
        return ((long)h1, (long)h2);
    }

    private static ulong MixK1(ulong k) => BitOperations.RotateLeft(k * C1, 31) * C2;

    private static ulong MixK2(ulong k) => BitOperations.RotateLeft(k * C2, 33) * C1;

    private static ulong Fmix64(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
