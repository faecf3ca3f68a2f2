using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Where a window store keeps its bytes and for how long (Kafka's <c>WindowBytesStoreSupplier</c>): RocksDB or in-memory, keyed
/// by [key][window start][sequence number], windows older than the retention (measured from the newest window written) removed.
/// </summary>
public sealed class WindowBytesStoreSupplier
{
    internal WindowBytesStoreSupplier(string name, StoreType type, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retentionPeriodMs);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSizeMs);
        if (windowSizeMs > retentionPeriodMs)
            throw new ArgumentOutOfRangeException(nameof(windowSizeMs), windowSizeMs, $"the window size of store '{name}' must not exceed its retention period ({retentionPeriodMs} ms)");
        Name = name;
        StoreType = type;
        RetentionPeriodMs = retentionPeriodMs;
        WindowSizeMs = windowSizeMs;
        RetainDuplicates = retainDuplicates;
    }

    public string Name { get; }

    public StoreType StoreType { get; }

    /// <summary>How long windows are kept, from the newest window start written.</summary>
    public long RetentionPeriodMs { get; }

    public long WindowSizeMs { get; }

    /// <summary>Whether every put adds a value (a join's buffer) instead of replacing the window's value.</summary>
    public bool RetainDuplicates { get; }

    internal RetentionBytesStore Get()
        => new(StoreType == StoreType.InMemory ? new InMemoryKeyValueStore(Name) : new RocksDbKeyValueStore(Name), RetentionPeriodMs, static k => WindowKeySchema.WindowStart(k));
}
