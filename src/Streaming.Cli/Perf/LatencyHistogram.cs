using System.Numerics;

namespace Streaming.Perf;

/// <summary>
/// A fixed-bucket, HDR-style histogram of microseconds: exact below 1,024 µs, then 512 sub-buckets per power of two
/// (under 0.2% relative error). Recording is one array increment, so it allocates nothing per record. Single writer.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 1024;
    private const int SubBuckets = 512;
    private readonly long[] _counts = new long[Linear + 55 * SubBuckets];
    private long _max;

    public long Count { get; private set; }

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        _counts[Index(micros)]++;
        Count++;
        if (micros > _max) _max = micros;
    }

    private static int Index(long v)
    {
        if (v < Linear) return (int)v;
        int shift = BitOperations.Log2((ulong)v) - 9; // v >> shift lands in [512, 1024)
        return Linear + (shift - 1) * SubBuckets + (int)((v >> shift) - SubBuckets);
    }

    private static long UpperBound(int index)
    {
        if (index < Linear) return index;
        int shift = (index - Linear) / SubBuckets + 1;
        long sub = (index - Linear) % SubBuckets + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of the recorded values fall (upper bucket bound).</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0) return 0;
        long rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperBound(i), _max);
        }
        return _max;
    }

    public long Max => _max;
}
