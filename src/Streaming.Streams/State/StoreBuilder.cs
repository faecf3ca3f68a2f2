using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// What every store builder shares: the store's name and serdes, and whether its writes are cached and logged. A built store
/// is serde(metered(caching(change-logging(bytes store)))): <see cref="Layers"/> stacks the middle layers.
/// </summary>
/// <typeparam name="TSelf">The concrete builder, returned by the <c>With…</c> methods.</typeparam>
/// <typeparam name="TKey">The store's key type.</typeparam>
/// <typeparam name="TValue">The store's value type.</typeparam>
public abstract class StoreBuilder<TSelf, TKey, TValue> : IStoreBuilder where TSelf : StoreBuilder<TSelf, TKey, TValue>
{
    private protected StoreBuilder(string name, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        Name = name;
        KeySerde = keySerde;
        ValueSerde = valueSerde;
    }

    public string Name { get; }

    public Serde<TKey> KeySerde { get; }

    public Serde<TValue> ValueSerde { get; }

    public bool CachingEnabled { get; private set; }

    public bool LoggingEnabled { get; private set; } = true;

    /// <summary>Buffers writes in the record cache; downstream sees one update per key per flush.</summary>
    public TSelf WithCachingEnabled()
    {
        CheckCachingAllowed();
        CachingEnabled = true;
        return (TSelf)this;
    }

    public TSelf WithCachingDisabled()
    {
        CachingEnabled = false;
        return (TSelf)this;
    }

    /// <summary>Writes every change to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>.</summary>
    public TSelf WithLoggingEnabled()
    {
        LoggingEnabled = true;
        return (TSelf)this;
    }

    public TSelf WithLoggingDisabled()
    {
        LoggingEnabled = false;
        return (TSelf)this;
    }

    public abstract IStateStore Build();

    /// <summary>Throws when this store cannot be cached.</summary>
    private protected virtual void CheckCachingAllowed() { }

    /// <summary>Stacks change-logging (timestamped: the changelog carries the value alone), caching and metering over <paramref name="inner"/> as configured.</summary>
    private protected IKeyValueStore<byte[], byte[]> Layers(IKeyValueStore<byte[], byte[]> inner, bool timestamped)
    {
        if (LoggingEnabled) inner = timestamped ? new ChangeLoggingTimestampedKeyValueStore(inner) : new ChangeLoggingKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        return new MeteredKeyValueBytesStore(inner);
    }
}
