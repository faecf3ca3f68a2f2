namespace Streaming.Streams.State;

/// <summary>
/// A key-value store that keeps, per key, the values it had over time (Kafka's <c>VersionedKeyValueStore</c>): a value is valid
/// from its timestamp until the next version's. History older than the store's history retention (measured from the highest
/// timestamp the store has seen) is dropped, and a put that old is refused.
/// </summary>
public interface IVersionedKeyValueStore<TKey, TValue> : IStateStore
{
    /// <summary>The history retention: how far back (from the highest timestamp seen) <see cref="Get(TKey, long)"/> answers.</summary>
    TimeSpan HistoryRetention { get; }

    /// <summary>
    /// Adds the version of <paramref name="key"/> valid from <paramref name="timestamp"/> (a null value is a tombstone). Returns
    /// <see cref="VersionedKeyValueStore.PutReturnCodeValidToUndefined"/> when it is the latest version, the timestamp until which
    /// it is valid when a later version exists, or <see cref="VersionedKeyValueStore.PutReturnCodeNotPut"/> when it is older
    /// than the history retention.
    /// </summary>
    long Put(TKey key, TValue value, long timestamp);

    /// <summary>Puts a tombstone at <paramref name="timestamp"/>; returns the version it replaces at that time, if any.</summary>
    VersionedRecord<TValue>? Delete(TKey key, long timestamp);

    /// <summary>The latest version of <paramref name="key"/>, or null when it has none (or is deleted).</summary>
    VersionedRecord<TValue>? Get(TKey key);

    /// <summary>The version of <paramref name="key"/> valid at <paramref name="asOfTimestamp"/>; null when there is none or it is beyond the history retention.</summary>
    VersionedRecord<TValue>? Get(TKey key, long asOfTimestamp);
}

/// <summary>Constants of <see cref="IVersionedKeyValueStore{TKey, TValue}"/>.</summary>
public static class VersionedKeyValueStore
{
    /// <summary>The put version is the latest one.</summary>
    public const long PutReturnCodeValidToUndefined = -1;

    /// <summary>The put was refused: its timestamp is older than the history retention allows.</summary>
    public const long PutReturnCodeNotPut = long.MinValue;
}
