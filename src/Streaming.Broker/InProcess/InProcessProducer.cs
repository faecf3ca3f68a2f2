using System.Buffers;
using System.Diagnostics;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.InProcess;

/// <summary>
/// The in-process producer: records are serialized straight into per-partition RecordBatch v2 builders (no per-record
/// allocation), and a sender thread appends sealed batches to the partition logs — with many batches in flight, acks=all
/// waiting on the broker's group commit — and completes deliveries.
/// </summary>
internal sealed partial class InProcessProducer<TKey, TValue> : IProducer<TKey, TValue>, Streaming.Internal.IRecordSender<TKey, TValue>
{
    private readonly EmbeddedBroker _broker;
    private readonly ProducerSettings _settings;
    private readonly ISerializer<TKey> _keySerializer;
    private readonly ISerializer<TValue> _valueSerializer;
    private readonly object _lock = new();
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly List<ProducerBatch> _open = [];
    private List<ProducerBatch> _ready = [];
    private List<ProducerBatch> _flushed = [];
    private readonly Stack<ProducerBatch> _pool = new();
    private readonly ArrayBufferWriter<byte> _key = new(256);
    private readonly ArrayBufferWriter<byte> _value = new(1024);
    private readonly ArrayBufferWriter<byte> _headers = new(256);
    private readonly Action<ProducerBatch> _onFlushed;
    private readonly Thread _sender;
    private long _producerId = -1;
    private short _producerEpoch = -1;
    private TopicState? _lastTopic;
    private long _buffered;
    private long _inFlight;
    private int _flushRequests;
    private bool _closing;
    private int _disposed;

    public InProcessProducer(EmbeddedBroker broker, ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        _broker = broker;
        _settings = ProducerSettings.From(config);
        _keySerializer = keySerializer;
        _valueSerializer = valueSerializer;
        _onFlushed = OnBatchFlushed;
        // A transactional producer gets its id and epoch in InitTransactions, from the transaction coordinator.
        if (_settings.EnableIdempotence && _settings.TransactionalId is null) (_producerId, _producerEpoch) = broker.InitProducerId();
        _sender = new Thread(SendLoop) { IsBackground = true, Name = $"streaming-producer-{_settings.ClientId}" };
        _sender.Start();
    }

    public string Name => _settings.ClientId;

    /// <summary>The idempotent producer's id, or -1 when <c>enable.idempotence</c> is off.</summary>
    internal long ProducerId => _producerId;

    /// <summary>The idempotent producer's epoch, or -1 when <c>enable.idempotence</c> is off.</summary>
    internal short ProducerEpoch => _producerEpoch;

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
        => ProduceAsyncCore(topic, -1, message, cancellationToken);

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topicPartition.Partition);
        return ProduceAsyncCore(topicPartition.Topic, topicPartition.Partition, message, cancellationToken);
    }

    private Task<DeliveryResult<TKey, TValue>> ProduceAsyncCore(string topic, int partition, Message<TKey, TValue> message, CancellationToken cancellationToken)
        => Streaming.Internal.DeliveryTasks.Start(this, topic, partition, message, cancellationToken);

    void Streaming.Internal.IRecordSender<TKey, TValue>.Send(string topic, int partition, Message<TKey, TValue> message, object? completion)
        => Append(topic, partition, message, completion);

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
        => Append(topic, -1, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topicPartition.Partition);
        Append(topicPartition.Topic, topicPartition.Partition, message, deliveryHandler);
    }

    private void Append(string topic, int partition, Message<TKey, TValue> message, object? completion)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        long timestamp = message.Timestamp.Type == TimestampType.NotAvailable
            ? _broker.Time.GetUtcNow().ToUnixTimeMilliseconds()
            : message.Timestamp.UnixTimestampMs;

        lock (_lock)
        {
            if (_closing) throw new ObjectDisposedException(GetType().FullName, "the producer is closing");
            if (_transactional) ThrowUnlessInTransaction();
            var state = GetTopicState(topic);

            // Serialize first: a serializer that throws leaves the batches untouched.
            bool keyIsNull = message.Key is null;
            bool valueIsNull = message.Value is null;
            _key.ResetWrittenCount();
            _value.ResetWrittenCount();
            try
            {
                if (!keyIsNull) _keySerializer.Serialize(message.Key, _key, new SerializationContext(MessageComponentType.Key, topic, message.Headers));
                if (!valueIsNull) _valueSerializer.Serialize(message.Value, _value, new SerializationContext(MessageComponentType.Value, topic, message.Headers));
            }
            catch (Exception ex) when (ex is not StreamingException)
            {
                throw new SerializationException($"could not serialize the record for topic '{topic}': {ex.Message}", ex);
            }
            int headerCount = EncodeHeaders(message.Headers);

            int partitions = state.Topic.Partitions.Length;
            if (partition >= 0 && partition >= partitions)
                throw new UnknownTopicOrPartitionException($"topic '{topic}' has {partitions} partitions; partition {partition} does not exist");
            bool sticky = false;
            if (partition < 0)
            {
                if (!keyIsNull) partition = Partitioners.ForKey(_key.WrittenSpan, partitions);
                else if (_settings.Partitioner == Partitioner.RoundRobin) partition = state.NextRoundRobin(partitions);
                else
                {
                    partition = state.StickyPartition(partitions);
                    sticky = true;
                }
            }

            state.EnsureCapacity(partitions);
            var batch = state.Open[partition];
            int recordSize = (batch?.Builder ?? _sizer).EstimateRecordSize(timestamp, keyIsNull ? -1 : _key.WrittenCount,
                valueIsNull ? -1 : _value.WrittenCount, headerCount, _headers.WrittenCount);
            if (recordSize + RecordBatchHeader.Size > _settings.MaxRequestSize)
                throw new RecordTooLargeException($"a record of {recordSize} bytes for topic '{topic}' is larger than max.request.size ({_settings.MaxRequestSize})");

            if (batch is not null && batch.Builder.SizeInBytes + recordSize > _settings.BatchSize)
            {
                MakeReady(batch);
                state.Open[partition] = null;
                if (sticky)
                {
                    partition = state.NextSticky(partitions, partition);
                    batch = state.Open[partition];
                    if (batch is not null && batch.Builder.SizeInBytes + recordSize > _settings.BatchSize)
                    {
                        MakeReady(batch);
                        state.Open[partition] = null;
                        batch = null;
                    }
                }
                else
                {
                    batch = null;
                }
            }
            if (batch is null)
            {
                batch = NewBatch(state, partition, RecordBatchHeader.Size + recordSize);
                state.Open[partition] = batch;
            }

            int index = batch.Builder.Count;
            batch.Builder.Append(timestamp, _key.WrittenSpan, keyIsNull, _value.WrittenSpan, valueIsNull, headerCount, _headers.WrittenSpan);
            if (completion is not null) batch.Deliveries.Add(new PendingDelivery(index, message, completion));
            _inFlight++;
            if (index == 0) Monitor.PulseAll(_lock); // the sender recomputes when this batch falls due
        }
    }

    // Used only to size the first record of a partition's next batch.
    private readonly RecordBatchBuilder _sizer = new(RecordBatchHeader.Size);

    private int EncodeHeaders(Headers? headers)
    {
        _headers.ResetWrittenCount();
        if (headers is null) return 0;
        foreach (var header in headers)
        {
            byte[]? value = header.GetValueBytes();
            int size = RecordHeaders.SizeOf(header.Key, value?.Length ?? -1);
            int n = RecordHeaders.Write(_headers.GetSpan(size), header.Key, value, value is null);
            _headers.Advance(n);
        }
        return headers.Count;
    }

    private TopicState GetTopicState(string topic)
    {
        var last = _lastTopic;
        if (last is not null && (ReferenceEquals(last.Name, topic) || last.Name == topic) && !last.Topic.IsDeleted) return last;
        if (!_topics.TryGetValue(topic, out var state) || state.Topic.IsDeleted)
        {
            state = new TopicState(_broker.GetOrCreateTopic(topic));
            _topics[topic] = state;
        }
        _lastTopic = state;
        return state;
    }

    /// <summary>Takes a pooled batch, waiting for <c>buffer.memory</c> to have room (up to <c>max.block.ms</c>). Under the lock.</summary>
    private ProducerBatch NewBatch(TopicState state, int partition, int firstRecordSize)
    {
        long reserve = Math.Max(_settings.BatchSize, firstRecordSize);
        if (_buffered + reserve > _settings.BufferMemory && _buffered > 0)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(_settings.MaxBlock.TotalSeconds * Stopwatch.Frequency);
            Monitor.PulseAll(_lock); // make sure the sender is draining
            while (_buffered + reserve > _settings.BufferMemory && _buffered > 0)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || _closing)
                    throw new BufferExhaustedException($"buffer.memory ({_settings.BufferMemory} bytes) stayed full for max.block.ms ({_settings.MaxBlock.TotalMilliseconds} ms)");
                Monitor.Wait(_lock, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
        }
        // batch.size bytes, header included, is the most a batch holds (a larger first record grows it): renting exactly
        // that keeps the pooled arrays at batch.size (16 KiB), not the next power of two (32 KiB), so memory tracks buffer.memory.
        var batch = _pool.Count > 0 ? _pool.Pop() : new ProducerBatch(_settings.BatchSize, _onFlushed);
        var tp = new TopicPartition(state.Name, partition);
        batch.Start(tp, state.Topic.Partitions[partition], (Streaming.Protocol.Records.CompressionType)(int)_settings.Compression, Stopwatch.GetTimestamp());
        batch.Reserved = reserve;
        _buffered += reserve;
        _open.Add(batch);
        return batch;
    }

    private void MakeReady(ProducerBatch batch)
    {
        _open.Remove(batch);
        _ready.Add(batch);
        Monitor.PulseAll(_lock);
    }

    public int Flush(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return FlushCore(timeout, CancellationToken.None);
    }

    public void Flush(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        FlushCore(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    private int FlushCore(TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_lock)
        {
            _flushRequests++;
            Monitor.PulseAll(_lock);
            try
            {
                while (_inFlight > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long left = deadline - Stopwatch.GetTimestamp();
                    if (left <= 0) break;
                    // Bounded waits so a cancellation is seen promptly.
                    Monitor.Wait(_lock, TimeSpan.FromMilliseconds(Math.Min(100, Math.Max(1, left * 1000 / Stopwatch.Frequency))));
                }
                return (int)Math.Min(_inFlight, int.MaxValue);
            }
            finally
            {
                _flushRequests--;
            }
        }
    }

    public void Dispose()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        if (_transactional) AbortOnClose();
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // As Kafka's close(): send what is buffered and wait for it, then stop the sender.
        lock (_lock)
        {
            _flushRequests++;
            Monitor.PulseAll(_lock);
            while (_inFlight > 0 && !_broker.IsDisposed) Monitor.Wait(_lock, 100);
            _closing = true;
            Monitor.PulseAll(_lock);
        }
        _sender.Join();
        _key.Clear();
        _sizer.Dispose();
        while (_pool.Count > 0) _pool.Pop().Builder.Dispose();
    }

    /// <summary>A topic as this producer sees it: the open batch per partition and the keyless partitioners' state.</summary>
    private sealed class TopicState(Topic topic)
    {
        private int _roundRobin = -1;

        public Topic Topic { get; } = topic;

        public string Name => Topic.Name;

        public ProducerBatch?[] Open { get; private set; } = new ProducerBatch?[topic.Partitions.Length];

        public int Sticky { get; private set; } = -1;

        public void EnsureCapacity(int partitions)
        {
            if (Open.Length < partitions)
            {
                var bigger = new ProducerBatch?[partitions];
                Open.CopyTo(bigger, 0);
                Open = bigger;
            }
        }

        public int NextRoundRobin(int partitions) => _roundRobin = (_roundRobin + 1) % partitions;

        public int StickyPartition(int partitions)
        {
            if (Sticky < 0 || Sticky >= partitions) Sticky = Random.Shared.Next(partitions);
            return Sticky;
        }

        /// <summary>Kafka's sticky partitioner: when the sticky partition's batch is full, pick another partition at random.</summary>
        public int NextSticky(int partitions, int previous)
        {
            if (partitions == 1) return Sticky = 0;
            int next = Random.Shared.Next(partitions - 1);
            Sticky = next >= previous ? next + 1 : next;
            return Sticky;
        }
    }
}
