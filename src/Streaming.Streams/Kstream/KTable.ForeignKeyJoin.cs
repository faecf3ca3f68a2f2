using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Kstream.Internal.ForeignKey;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream;

/// <summary>Foreign-key table–table joins.</summary>
public sealed partial class KTable<TKey, TValue>
{
    /// <summary>
    /// Joins each row with the row of <paramref name="other"/> whose key <paramref name="foreignKeyExtractor"/> extracts from its
    /// value (Kafka's foreign-key join): the result is keyed like this table and updated when either row changes, including
    /// when the foreign key changes or either row is deleted. The tables need not be co-partitioned: subscriptions travel
    /// through <c>&lt;application.id&gt;-&lt;name&gt;-subscription-registration-topic</c> (partitioned like <paramref name="other"/>)
    /// and answers through <c>&lt;application.id&gt;-&lt;name&gt;-subscription-response-topic</c> (partitioned like this table).
    /// </summary>
    public KTable<TKey, TResult> Join<TForeignKey, TForeignValue, TResult>(KTable<TForeignKey, TForeignValue> other, Func<TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TForeignValue, TResult> joiner, TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TResult>? materialized = null)
        => ForeignKeyJoin(other, foreignKeyExtractor, joiner, tableJoined, materialized, leftJoin: false);

    /// <summary>
    /// As the foreign-key <c>Join</c>, but every row of this table has a result: <paramref name="joiner"/> gets <c>default</c> when
    /// the foreign key is null or has no row in <paramref name="other"/>.
    /// </summary>
    public KTable<TKey, TResult> LeftJoin<TForeignKey, TForeignValue, TResult>(KTable<TForeignKey, TForeignValue> other, Func<TValue, TForeignKey> foreignKeyExtractor,
        Func<TValue, TForeignValue, TResult> joiner, TableJoined<TKey, TForeignKey>? tableJoined = null, Materialized<TKey, TResult>? materialized = null)
        => ForeignKeyJoin(other, foreignKeyExtractor, joiner, tableJoined, materialized, leftJoin: true);

    private KTable<TKey, TResult> ForeignKeyJoin<TForeignKey, TForeignValue, TResult>(KTable<TForeignKey, TForeignValue> other,
        Func<TValue, TForeignKey> foreignKeyExtractor, Func<TValue, TForeignValue, TResult> joiner, TableJoined<TKey, TForeignKey>? tableJoined,
        Materialized<TKey, TResult>? materialized, bool leftJoin)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(foreignKeyExtractor);
        ArgumentNullException.ThrowIfNull(joiner);
        TopologyBuilder inner = _builder.Inner;
        string app = _builder.Config.ApplicationId;
        string? baseName = tableJoined?.Name;
        string Name(string suffix, string prefix) => baseName is null ? inner.NewName(prefix) : baseName + suffix;

        // Serdes: the left key and value (hashing, subscriptions), the foreign key and the right value (responses).
        Serde<TKey>? keySerde = inner.Resolve(KeySerde, $"key of foreign-key join of '{NodeName}'");
        Serde<TValue>? valueSerde = inner.Resolve(ValueSerde, $"value of foreign-key join of '{NodeName}'");
        Serde<TForeignKey>? foreignKeySerde = inner.Resolve(other.KeySerde, $"foreign key of foreign-key join of '{NodeName}'");
        Serde<TForeignValue>? foreignValueSerde = inner.Resolve(other.ValueSerde, $"right value of foreign-key join of '{NodeName}'");

        // Left side: every update (with its old value) becomes subscription messages keyed by foreign key.
        Node.EnableSendingOldValues(forceMaterialization: true);
        string subscriptionTopic = $"{app}-{Name("-subscription-registration", "KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-")}-topic";
        string send = Name("-subscription-send", "KTABLE-FK-JOIN-SUBSCRIPTION-SEND-");
        _builder.AddDslProcessor(send, () => new SubscriptionSendProcessor<TKey, TValue, TForeignKey>(foreignKeyExtractor, foreignKeySerde!, valueSerde!, leftJoin), NodeName);
        string subscriptionSink = Name("-subscription-registration-sink", "KTABLE-SINK-");
        inner.AddSinkInternal<TForeignKey, SubscriptionWrapper<TKey>>(subscriptionSink, subscriptionTopic, null, foreignKeySerde,
            keySerde is null ? null : new SubscriptionWrapperSerde<TKey>(keySerde).AsSerde(), [send], repartition: true);
        string subscriptionSource = Name("-subscription-registration-source", "KSTREAM-SOURCE-");
        inner.AddSourceInternal<TForeignKey, SubscriptionWrapper<TKey>>(subscriptionSource, [subscriptionTopic], foreignKeySerde,
            keySerde is null ? null : new SubscriptionWrapperSerde<TKey>(keySerde).AsSerde(), null, repartition: true, owner: $"foreign-key join of '{NodeName}'");

        // Right side: the subscription store keyed by (foreign key, primary key), and the two processors answering.
        string store = Name("-subscription-store", "KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-");
        inner.AddStore(new StoreRegistration(store, () => Stores.TimestampedKeyValueStoreBuilder(
            _builder.Config.DefaultDslStore == StoreType.InMemory ? Stores.InMemoryKeyValueStore(store) : Stores.PersistentKeyValueStore(store),
            Serdes.ByteArray, new SubscriptionWrapperSerde<TKey>(keySerde!).AsSerde())));
        TableValueGetterSupplier<TForeignKey, TForeignValue> foreignGetter = other.ValueGetterSupplier();
        string receive = Name("-subscription-receive", "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-");
        _builder.AddDslProcessor(receive, () => new SubscriptionProcessor<TForeignKey, TKey, TForeignValue>(store,
            new CombinedKeySchema<TForeignKey, TKey>(foreignKeySerde!, keySerde!), foreignGetter), subscriptionSource);
        inner.ConnectStores([receive], store);
        foreach (string s in foreignGetter.StoreNames) inner.ConnectStores([receive], s);
        string foreignJoin = Name("-foreign-join", "KTABLE-FK-JOIN-FOREIGN-PROCESSOR-");
        _builder.AddDslProcessor(foreignJoin, () => new ForeignTableJoinProcessor<TForeignKey, TForeignValue, TKey>(store,
            new CombinedKeySchema<TForeignKey, TKey>(foreignKeySerde!, keySerde!)), other.NodeName);
        inner.ConnectStores([foreignJoin], store);
        string responseTopic = $"{app}-{Name("-subscription-response", "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-")}-topic";
        Serde<SubscriptionResponse<TForeignValue>>? responseSerde = foreignValueSerde is null ? null : new SubscriptionResponseSerde<TForeignValue>(foreignValueSerde).AsSerde();
        string responseSink = Name("-subscription-response-sink", "KTABLE-SINK-");
        inner.AddSinkInternal<TKey, SubscriptionResponse<TForeignValue>>(responseSink, responseTopic, null, keySerde, responseSerde, [receive, foreignJoin], repartition: true);

        // Left side again: responses are checked against the current left value and joined.
        string responseSource = Name("-subscription-response-source", "KSTREAM-SOURCE-");
        inner.AddSourceInternal<TKey, SubscriptionResponse<TForeignValue>>(responseSource, [responseTopic], keySerde, responseSerde, null, repartition: true,
            owner: $"foreign-key join of '{NodeName}'");
        TableValueGetterSupplier<TKey, TValue> leftGetter = ValueGetterSupplier();
        string resolve = Name("-subscription-response-resolver", "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-");
        _builder.AddDslProcessor(resolve, () => new ResponseJoinProcessor<TKey, TValue, TForeignValue, TResult>(leftGetter, valueSerde!, joiner, leftJoin), responseSource);
        foreach (string s in leftGetter.StoreNames) inner.ConnectStores([resolve], s);

        // The result table.
        string output = Name("-result", "KTABLE-FK-JOIN-OUTPUT-");
        string? resultStore = materialized is null ? null : _builder.Materialize(materialized, "KTABLE-FK-JOIN-OUTPUT-STATE-STORE-", KeySerde, null);
        Func<IProcessor<TKey, Change<TResult>, TKey, Change<TResult>>> OutputFactory(string? s, bool sendOld)
            => () => new TableProcessor<TKey, TResult, TResult>(static (_, v) => Change<TResult>.Of(v), s, sendOld, skipWhenEmpty: false, isSource: true);
        _builder.AddDslProcessor(output, OutputFactory(resultStore, false), resolve);
        if (resultStore is not null) inner.ConnectStores([output], resultStore);

        inner.AddCopartitionGroup(subscriptionSource, other.NodeName);
        inner.AddCopartitionGroup(responseSource, NodeName);
        var node = new TableNode(resultStore, (s, sendOld) => _builder.ReplaceDslProcessor(output, OutputFactory(s, sendOld)), materialize: () =>
        {
            string forced = _builder.Materialize(Materialized<TKey, TResult>.With(KeySerde, null), "KTABLE-FK-JOIN-OUTPUT-STATE-STORE-", KeySerde, null);
            inner.ConnectStores([output], forced);
            return forced;
        });
        return new KTable<TKey, TResult>(_builder, output, materialized?.KeySerde ?? KeySerde, materialized?.ValueSerde, resultStore, node);
    }
}
