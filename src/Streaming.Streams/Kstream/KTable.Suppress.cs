using System.Reflection;
using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Kstream;

public sealed partial class KTable<TKey, TValue>
{
    /// <summary>
    /// Holds back this table's updates (Kafka's <c>suppress</c>): with <see cref="Suppressed.UntilWindowCloses"/>, a windowed
    /// aggregation's table emits exactly one final result per window once stream time reaches the window's end plus grace; with
    /// <see cref="Suppressed.UntilTimeLimit"/>, the latest value per key after the time limit. Stream time here is the highest
    /// timestamp of the updates reaching the suppression. The buffer is logged to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>.
    /// </summary>
    public KTable<TKey, TValue> Suppress(Suppressed suppressed)
    {
        ArgumentNullException.ThrowIfNull(suppressed);
        string name = suppressed.Name ?? _builder.Inner.NewName("KTABLE-SUPPRESS-");
        string store = suppressed.Name is null ? _builder.Inner.NewName("KTABLE-SUPPRESS-STATE-STORE-") : name + "-store";
        Func<TKey, long, long> bufferTime;
        long suppressMs;
        if (suppressed.FinalResults)
        {
            if (WindowGraceMs is not { } grace || !typeof(TKey).IsGenericType || typeof(TKey).GetGenericTypeDefinition() != typeof(Windowed<>))
                throw new TopologyException($"suppression '{name}': UntilWindowCloses needs the table of a windowed aggregation directly upstream; '{NodeName}' is not one");
            bufferTime = WindowEndOf();
            suppressMs = grace;
        }
        else
        {
            bufferTime = static (_, timestamp) => timestamp;
            suppressMs = suppressed.TimeLimitMs;
        }
        Serde<TKey>? keySerde = _builder.Inner.Resolve(KeySerde, $"key of suppression store '{store}'");
        Serde<TValue>? valueSerde = _builder.Inner.Resolve(ValueSerde, $"value of suppression store '{store}'");
        _builder.Inner.AddStore(new StoreRegistration(store, () => new SuppressBufferStoreBuilder(store, suppressed.Buffer.LoggingEnabled)));
        Func<IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>> Factory(bool send)
            => () => new SuppressProcessor<TKey, TValue>(name, store, bufferTime, suppressMs, suppressed.Buffer, suppressed.FinalResults, keySerde!, valueSerde!, send);
        _builder.AddDslProcessor(name, Factory(false), NodeName);
        _builder.Inner.ConnectStores([name], store);
        var node = new TableNode(null, (_, send) => _builder.ReplaceDslProcessor(name, Factory(send)), parentEnable: Node.EnableSendingOldValues);
        return new KTable<TKey, TValue>(_builder, name, KeySerde, ValueSerde, null, node);
    }

    /// <summary>A delegate reading the window end of a <see cref="Windowed{T}"/> key, made once (no boxing per record).</summary>
    private static Func<TKey, long, long> WindowEndOf()
    {
        MethodInfo method = typeof(KTable<TKey, TValue>).GetMethod(nameof(WindowEnd), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeof(TKey).GetGenericArguments()[0]);
        return (Func<TKey, long, long>)method.CreateDelegate(typeof(Func<TKey, long, long>));
    }

    private static long WindowEnd<TInner>(Windowed<TInner> key, long timestamp) => key.Window.End;
}
