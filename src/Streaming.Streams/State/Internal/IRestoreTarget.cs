namespace Streaming.Streams.State.Internal;

/// <summary>
/// The innermost layer of a logged store, written directly while its changelog is replayed (below the cache and the change
/// logger: a restored record is neither cached, forwarded nor logged again).
/// </summary>
internal interface IRestoreTarget
{
    /// <summary>Applies one changelog record (a tombstone deletes).</summary>
    void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone);

    /// <summary>Applies one changelog record with its timestamp; layers that store no timestamp ignore it.</summary>
    void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone, long timestamp) => Restore(key, value, tombstone);

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
    /// <summary>The first layer of type <typeparamref name="T"/> at or below <paramref name="store"/>, or null.</summary>
    public static T? Find<T>(IStateStore store) where T : class, IStateStore
    {
        for (IStateStore? layer = store; layer is not null; layer = (layer as IWrappedStore)?.WrappedStore)
        {
            if (layer is T found) return found;
        }
        return null;
    }

    /// <summary>The innermost layer of <paramref name="store"/>.</summary>
    public static IStateStore Innermost(IStateStore store)
    {
        while (store is IWrappedStore w) store = w.WrappedStore;
        return store;
    }

    /// <summary>How to replay a changelog into <paramref name="store"/>: its innermost layer, or a key-value adapter for a user's bytes store.</summary>
    public static IRestoreTarget RestoreTarget(IStateStore store)
    {
        bool timestamped = false;
        for (IStateStore layer = store; ; layer = ((IWrappedStore)layer).WrappedStore)
        {
            timestamped |= layer is ITimestampedBytesStore;
            if (layer is not IWrappedStore) break;
        }
        IStateStore inner = Innermost(store);
        IRestoreTarget target = inner switch
        {
            IRestoreTarget t => t,
            IKeyValueStore<byte[], byte[]> kv => new KeyValueRestoreAdapter(kv),
            _ => throw new StreamsException($"store '{store.Name}' ({inner.GetType().Name}) cannot be restored from its changelog: its innermost layer is not a bytes key-value store"),
        };
        return timestamped ? new TimestampingRestoreTarget(target) : target;
    }

    /// <summary>Restores a timestamped store: the stored value is [record timestamp][changelog value], built in a reused buffer.</summary>
    private sealed class TimestampingRestoreTarget(IRestoreTarget inner) : IRestoreTarget
    {
        private byte[] _buffer = new byte[256];

        public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
            => throw new InvalidOperationException("a timestamped store is restored with the records' timestamps");

        public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone, long timestamp)
        {
            if (tombstone)
            {
                inner.Restore(key, default, tombstone: true);
                return;
            }
            int size = sizeof(long) + value.Length;
            if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(_buffer, timestamp);
            value.CopyTo(_buffer.AsSpan(sizeof(long)));
            inner.Restore(key, _buffer.AsSpan(0, size), tombstone: false);
        }

        public void EndRestoreBatch() => inner.EndRestoreBatch();
    }

    private sealed class KeyValueRestoreAdapter(IKeyValueStore<byte[], byte[]> store) : IRestoreTarget
    {
        public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) => store.Put(key.ToArray(), tombstone ? null! : value.ToArray());

        public void EndRestoreBatch() { }
    }
}
