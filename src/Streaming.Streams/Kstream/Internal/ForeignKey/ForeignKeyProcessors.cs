using System.Buffers;
using System.Buffers.Binary;
using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal.ForeignKey;

/// <summary>
/// Left side of a foreign-key join (Kafka's SubscriptionSendProcessorSupplier): turns each left-table update into
/// subscription messages keyed by foreign key — unsubscribing the old foreign key when it changed or the row was deleted, and
/// subscribing the new one with the hash of the new left value.
/// </summary>
internal sealed class SubscriptionSendProcessor<TKey, TValue, TForeignKey>(Func<TValue, TForeignKey> extractor, Serde<TForeignKey> foreignKeySerde,
    Serde<TValue> valueSerde, bool leftJoin) : IProcessor<TKey, Change<TValue>, TForeignKey, SubscriptionWrapper<TKey>>
{
    private readonly ArrayBufferWriter<byte> _a = new();
    private readonly ArrayBufferWriter<byte> _b = new();
    private IProcessorContext<TForeignKey, SubscriptionWrapper<TKey>>? _context;

    public void Init(IProcessorContext<TForeignKey, SubscriptionWrapper<TKey>> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record)
    {
        Change<TValue> change = record.Value;
        TForeignKey oldFk = change.HasOld ? extractor(change.OldValue) : default!;
        TForeignKey newFk = change.HasNew ? extractor(change.NewValue) : default!;
        bool unsubscribe = oldFk is not null;
        (bool hasHash, long h1, long h2) = change.HasNew ? Hash(change.NewValue) : (false, 0L, 0L);
        if (leftJoin)
        {
            if (!change.HasNew && !change.HasOld) return;
            if (unsubscribe && !SameKey(oldFk, newFk)) Send(record, oldFk, SubscriptionInstruction.DeleteKeyNoPropagate, hasHash, h1, h2);
            // Always subscribe (a null foreign key too: its response still yields the left-join result or tombstone).
            Send(record, newFk, SubscriptionInstruction.PropagateNullIfNoForeignValue, hasHash, h1, h2);
            return;
        }
        if (change.HasNew)
        {
            if (newFk is null)
            {
                _context!.DropRecord("null foreign key");
                if (unsubscribe) Send(record, oldFk, SubscriptionInstruction.DeleteKeyAndPropagate, hasHash, h1, h2);
            }
            else if (unsubscribe && !SameKey(oldFk, newFk))
            {
                Send(record, oldFk, SubscriptionInstruction.DeleteKeyNoPropagate, hasHash, h1, h2);
                Send(record, newFk, SubscriptionInstruction.PropagateNullIfNoForeignValue, hasHash, h1, h2);
            }
            else
            {
                Send(record, newFk, SubscriptionInstruction.PropagateOnlyIfForeignValue, hasHash, h1, h2);
            }
        }
        else if (unsubscribe)
        {
            Send(record, oldFk, SubscriptionInstruction.DeleteKeyAndPropagate, false, 0, 0);
        }
    }

    private (bool, long, long) Hash(TValue value)
    {
        _a.ResetWrittenCount();
        valueSerde.Serializer.Serialize(value, _a, new SerializationContext(MessageComponentType.Value, ""));
        (long h1, long h2) = Murmur3.Hash128(_a.WrittenSpan);
        return (true, h1, h2);
    }

    private bool SameKey(TForeignKey a, TForeignKey b)
    {
        if (a is null || b is null) return a is null && b is null;
        _a.ResetWrittenCount();
        _b.ResetWrittenCount();
        foreignKeySerde.Serializer.Serialize(a, _a, new SerializationContext(MessageComponentType.Key, ""));
        foreignKeySerde.Serializer.Serialize(b, _b, new SerializationContext(MessageComponentType.Key, ""));
        return _a.WrittenSpan.SequenceEqual(_b.WrittenSpan);
    }

    private void Send(Record<TKey, Change<TValue>> record, TForeignKey fk, SubscriptionInstruction instruction, bool hasHash, long h1, long h2)
    {
        int partition = _context is IInternalProcessorContext c ? c.Task.Partition : -1;
        _context!.Forward(new Record<TForeignKey, SubscriptionWrapper<TKey>>(fk, new SubscriptionWrapper<TKey>(hasHash, h1, h2, instruction, record.Key, partition),
            record.Timestamp, record.Headers));
    }
}

/// <summary>The subscription store's key: [foreign key length, int32 big-endian][foreign key][primary key] (Kafka's CombinedKeySchema), so a prefix scan finds a foreign key's subscribers.</summary>
internal sealed class CombinedKeySchema<TForeignKey, TKey>(Serde<TForeignKey> foreignKeySerde, Serde<TKey> keySerde)
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public byte[] Prefix(TForeignKey fk)
    {
        _buffer.ResetWrittenCount();
        _buffer.GetSpan(4);
        _buffer.Advance(4);
        foreignKeySerde.Serializer.Serialize(fk, _buffer, new SerializationContext(MessageComponentType.Key, ""));
        byte[] prefix = _buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(prefix, prefix.Length - 4);
        return prefix;
    }

    public byte[] Key(TForeignKey fk, TKey pk)
    {
        byte[] prefix = Prefix(fk);
        _buffer.ResetWrittenCount();
        _buffer.Write(prefix);
        keySerde.Serializer.Serialize(pk, _buffer, new SerializationContext(MessageComponentType.Key, ""));
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>The smallest key after every key starting with <paramref name="prefix"/>.</summary>
    public static byte[] UpperBound(byte[] prefix)
    {
        byte[] upper = (byte[])prefix.Clone();
        for (int i = upper.Length - 1; i >= 0; i--)
        {
            if (++upper[i] != 0) return upper;
        }
        return [.. prefix, 0xFF];
    }
}

/// <summary>
/// Right side, subscription arriving (Kafka's SubscriptionReceiveProcessor and SubscriptionJoinProcessor in one): records or
/// removes the subscription in the store keyed by (foreign key, primary key), then answers as the instruction says with the
/// right table's value for the foreign key, stamped with the later of the two timestamps.
/// </summary>
internal sealed class SubscriptionProcessor<TForeignKey, TKey, TForeignValue>(string storeName, CombinedKeySchema<TForeignKey, TKey> schema,
    TableValueGetterSupplier<TForeignKey, TForeignValue> foreign) : IProcessor<TForeignKey, SubscriptionWrapper<TKey>, TKey, SubscriptionResponse<TForeignValue>>
{
    private IProcessorContext<TKey, SubscriptionResponse<TForeignValue>>? _context;
    private ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>? _store;
    private ITableValueGetter<TForeignKey, TForeignValue>? _foreign;

    public void Init(IProcessorContext<TKey, SubscriptionResponse<TForeignValue>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>>(storeName);
        _foreign = foreign.Get();
        _foreign.Init(context);
    }

    public void Process(Record<TForeignKey, SubscriptionWrapper<TKey>> record)
    {
        SubscriptionWrapper<TKey> s = record.Value;
        if (record.Key is null && s.Instruction != SubscriptionInstruction.PropagateNullIfNoForeignValue)
        {
            _context!.DropRecord("null foreign key");
            return;
        }
        if (record.Key is not null)
        {
            byte[] key = schema.Key(record.Key, s.PrimaryKey);
            if (s.Instruction is SubscriptionInstruction.DeleteKeyAndPropagate or SubscriptionInstruction.DeleteKeyNoPropagate) _store!.Delete(key, out _);
            else _store!.Put(key, new ValueAndTimestamp<SubscriptionWrapper<TKey>>(s, record.Timestamp));
        }
        bool found = false;
        ValueAndTimestamp<TForeignValue> value = default;
        if (record.Key is not null) found = _foreign!.TryGet(record.Key, out value);
        long timestamp = found ? Math.Max(record.Timestamp, value.Timestamp) : record.Timestamp;
        switch (s.Instruction)
        {
            case SubscriptionInstruction.DeleteKeyAndPropagate:
                Respond(s, default!, false, timestamp, record.Headers);
                break;
            case SubscriptionInstruction.PropagateNullIfNoForeignValue:
                Respond(s, value.Value, found, timestamp, record.Headers);
                break;
            case SubscriptionInstruction.PropagateOnlyIfForeignValue:
                if (found) Respond(s, value.Value, true, timestamp, record.Headers);
                break;
        }
    }

    private void Respond(SubscriptionWrapper<TKey> s, TForeignValue value, bool hasValue, long timestamp, Headers headers)
        => _context!.Forward(new Record<TKey, SubscriptionResponse<TForeignValue>>(s.PrimaryKey,
            new SubscriptionResponse<TForeignValue>(s.HasHash, s.Hash1, s.Hash2, value, hasValue), timestamp, headers));
}

/// <summary>
/// Right side, right-table update (Kafka's ForeignTableJoinProcessorSupplier): answers every subscriber of the updated foreign
/// key (a prefix scan of the subscription store) with the new right value (null for a deletion).
/// </summary>
internal sealed class ForeignTableJoinProcessor<TForeignKey, TForeignValue, TKey>(string storeName, CombinedKeySchema<TForeignKey, TKey> schema)
    : IProcessor<TForeignKey, Change<TForeignValue>, TKey, SubscriptionResponse<TForeignValue>>
{
    private IProcessorContext<TKey, SubscriptionResponse<TForeignValue>>? _context;
    private ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>? _store;

    public void Init(IProcessorContext<TKey, SubscriptionResponse<TForeignValue>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>>(storeName);
    }

    public void Process(Record<TForeignKey, Change<TForeignValue>> record)
    {
        if (record.Key is null)
        {
            _context!.DropRecord("null key in the right table of a foreign-key join");
            return;
        }
        byte[] prefix = schema.Prefix(record.Key);
        foreach (KeyValuePair<byte[], ValueAndTimestamp<SubscriptionWrapper<TKey>>> kv in _store!.Range(prefix, CombinedKeySchema<TForeignKey, TKey>.UpperBound(prefix)))
        {
            if (!kv.Key.AsSpan().StartsWith(prefix)) continue;
            SubscriptionWrapper<TKey> s = kv.Value.Value;
            _context!.Forward(new Record<TKey, SubscriptionResponse<TForeignValue>>(s.PrimaryKey,
                new SubscriptionResponse<TForeignValue>(s.HasHash, s.Hash1, s.Hash2, record.Value.NewValue, record.Value.HasNew), record.Timestamp, record.Headers));
        }
    }
}

/// <summary>
/// Left side, response arriving (Kafka's ResponseJoinProcessorSupplier): drops a response whose hash is not that of the left
/// row's current value (it answers a subscription made for a value since replaced), otherwise joins the current left value
/// with the right value — or emits a deletion when there is no right value (inner join) or no left row.
/// </summary>
internal sealed class ResponseJoinProcessor<TKey, TValue, TForeignValue, TResult>(TableValueGetterSupplier<TKey, TValue> left, Serde<TValue> valueSerde,
    Func<TValue, TForeignValue, TResult> joiner, bool leftJoin) : IProcessor<TKey, SubscriptionResponse<TForeignValue>, TKey, Change<TResult>>
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private IProcessorContext<TKey, Change<TResult>>? _context;
    private ITableValueGetter<TKey, TValue>? _left;

    public void Init(IProcessorContext<TKey, Change<TResult>> context)
    {
        _context = context;
        _left = left.Get();
        _left.Init(context);
    }

    public void Process(Record<TKey, SubscriptionResponse<TForeignValue>> record)
    {
        SubscriptionResponse<TForeignValue> response = record.Value;
        bool hasLeft = _left!.TryGet(record.Key, out ValueAndTimestamp<TValue> current);
        bool match;
        if (hasLeft)
        {
            _buffer.ResetWrittenCount();
            valueSerde.Serializer.Serialize(current.Value, _buffer, new SerializationContext(MessageComponentType.Value, ""));
            (long h1, long h2) = Murmur3.Hash128(_buffer.WrittenSpan);
            match = response.HasHash && response.Hash1 == h1 && response.Hash2 == h2;
        }
        else
        {
            match = !response.HasHash;
        }
        if (!match) return;
        Change<TResult> result = !response.HasForeignValue && (!leftJoin || !hasLeft)
            ? Change<TResult>.Deletion
            : Change<TResult>.Of(joiner(current.Value, response.ForeignValue));
        _context!.Forward(new Record<TKey, Change<TResult>>(record.Key, result, record.Timestamp, record.Headers));
    }
}
