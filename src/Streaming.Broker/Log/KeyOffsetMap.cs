using System.Diagnostics.CodeAnalysis;

namespace Streaming.Broker.Log;

/// <summary>
/// The log cleaner's map from a record key to the offset of its latest record in the dirty part of the log. Keys are
/// kept whole and compared byte for byte; lookups take a span and allocate nothing. (Kafka's SkimpyOffsetMap stores a
/// 16-byte hash per key in a fixed buffer, trading an unlikely collision for bounded memory; this map is exact but
/// grows with the number of distinct keys in the dirty part.)
/// </summary>
internal sealed class KeyOffsetMap
{
    private readonly Dictionary<byte[], long> _offsets = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public KeyOffsetMap() => _lookup = _offsets.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _offsets.Count;

    /// <summary>Records that <paramref name="key"/> was last seen at <paramref name="offset"/> (called in offset order).</summary>
    public void Put(ReadOnlySpan<byte> key, long offset) => _lookup[key] = offset;

    public bool TryGet(ReadOnlySpan<byte> key, out long offset) => _lookup.TryGetValue(key, out offset);

    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode([DisallowNull] byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
