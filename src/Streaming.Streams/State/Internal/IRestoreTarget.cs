namespace Streaming.Streams.State.Internal;

/// <summary>
/// The innermost layer of a logged store, written directly while its changelog is replayed (below the cache and the change
/// logger: a restored record is neither cached, forwarded nor logged again).
/// </summary>
internal interface IRestoreTarget
{
    /// <summary>Applies one changelog record (a tombstone deletes).</summary>
    void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone);

    /// <summary>Makes the records restored so far visible (a store may batch them).</summary>
    void EndRestoreBatch();
}

/// <summary>A store layer that wraps another.</summary>
internal interface IWrappedStore
{
    IStateStore WrappedStore { get; }
}

internal static class StoreLayers
{
    /// <summary>The innermost layer of <paramref name="store"/>.</summary>
    public static IStateStore Innermost(IStateStore store)
    {
        while (store is IWrappedStore w) store = w.WrappedStore;
        return store;
    }

    /// <summary>How to replay a changelog into <paramref name="store"/>: its innermost layer, or a key-value adapter for a user's bytes store.</summary>
    public static IRestoreTarget RestoreTarget(IStateStore store)
    {
        IStateStore inner = Innermost(store);
        return inner switch
        {
            IRestoreTarget target => target,
            IKeyValueStore<byte[], byte[]> kv => new KeyValueRestoreAdapter(kv),
            _ => throw new StreamsException($"store '{store.Name}' ({inner.GetType().Name}) cannot be restored from its changelog: its innermost layer is not a bytes key-value store"),
        };
    }

    private sealed class KeyValueRestoreAdapter(IKeyValueStore<byte[], byte[]> store) : IRestoreTarget
    {
        public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) => store.Put(key.ToArray(), tombstone ? null! : value.ToArray());

        public void EndRestoreBatch() { }
    }
}
