namespace Streaming.Streams.State.Internal;

/// <summary>The byte budget (<c>statestore.cache.max.bytes</c>) shared by the caching stores of one task.</summary>
internal sealed class RecordCache(long maxBytes)
{
    /// <summary>Bytes charged per entry on top of its key and value (object headers, links, timestamp).</summary>
    public const int EntryOverhead = 64;

    public long MaxBytes { get; } = maxBytes;

    public long SizeBytes { get; private set; }

    public bool IsOverBudget => SizeBytes > MaxBytes;

    public void Charge(long bytes) => SizeBytes += bytes;

    public static long SizeOf(byte[] key, byte[]? value) => key.Length + (value?.Length ?? 0) + EntryOverhead;
}
