namespace Streaming.Streams.State.Internal;

/// <summary>A read view of a versioned store's latest values, for the table processors that read a previous value; writes go to the versioned store itself.</summary>
internal sealed class VersionedLatestView<TKey, TValue>(IVersionedKeyValueStore<TKey, TValue> store) : ITimestampedKeyValueStore<TKey, TValue>
{
    public string Name => store.Name;

    public bool Persistent => store.Persistent;

    public bool IsOpen => store.IsOpen;

    public long ApproximateNumEntries => throw new NotSupportedException($"versioned store '{Name}' does not count its keys");

    public void Init(IStateStoreContext context) => store.Init(context);

    public void Flush() => store.Flush();

    public void Close() => store.Close();

    public bool TryGet(TKey key, out ValueAndTimestamp<TValue> value)
    {
        if (store.Get(key) is { } latest)
        {
            value = new ValueAndTimestamp<TValue>(latest.Value, latest.Timestamp);
            return true;
        }
        value = default;
        return false;
    }

    public void Put(TKey key, ValueAndTimestamp<TValue> value) => store.Put(key, value.Value, value.Timestamp);

    public bool Delete(TKey key, out ValueAndTimestamp<TValue> oldValue)
        => throw new NotSupportedException($"versioned store '{Name}' deletes with a timestamp");

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> Range(TKey from, TKey to)
        => throw new NotSupportedException($"versioned store '{Name}' does not support range queries");

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> All()
        => throw new NotSupportedException($"versioned store '{Name}' does not support range queries");
}
