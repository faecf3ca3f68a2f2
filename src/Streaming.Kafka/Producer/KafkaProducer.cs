using System.Buffers;
using System.Diagnostics;
using Streaming.Kafka.Configuration;
using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Producer;

/// <summary>
/// A producer over Confluent.Kafka's. Keys and values are serialized with the framework's serializers into a reusable
/// buffer and copied once into an exact-size array, which Confluent.Kafka's API needs (librdkafka then copies it into its
/// own batch); headers keep their value arrays. librdkafka never blocks a send, so <c>max.block.ms</c> is emulated: a
/// send that finds the queue full (<c>buffer.memory</c>) waits for deliveries to free room, then fails with
/// <see cref="BufferExhaustedException"/>.
/// </summary>
internal sealed partial class KafkaProducer<TKey, TValue> : IProducer<TKey, TValue>, Streaming.Internal.IRecordSender<TKey, TValue>
{
    private static readonly TimeSpan QueueFullWaitSlice = TimeSpan.FromMilliseconds(50);

    private readonly KafkaTransportOptions _options;
    private readonly ProducerSettings _settings;
    private readonly CK.IProducer<byte[]?, byte[]?> _producer;
    private readonly ISerializer<TKey> _keySerializer;
    private readonly ISerializer<TValue> _valueSerializer;
    private readonly object _serializeLock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly ManualResetEventSlim _spaceFreed = new(false);
    private readonly TimeSpan _deliveryTimeout;
    private int _disposed;

    public KafkaProducer(KafkaTransportOptions options, ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer,
        GroupMetadataRegistry groupMetadata)
    {
        var mapped = KafkaConfigMapper.ToProducer(options, config);
        _options = options;
        _settings = mapped.Settings;
        _keySerializer = keySerializer;
        _valueSerializer = valueSerializer;
        _groupMetadata = groupMetadata;
        _deliveryTimeout = TimeSpan.FromMilliseconds(int.Parse(mapped.Librdkafka["message.timeout.ms"], System.Globalization.CultureInfo.InvariantCulture));
        _producer = ConfluentClients.Build(() => new CK.ProducerBuilder<byte[]?, byte[]?>(mapped.Librdkafka)
            .SetKeySerializer(CK.Serializers.ByteArray)
            .SetValueSerializer(CK.Serializers.ByteArray)
            .SetLogHandler((_, message) => ConfluentClients.Log(message))
            .SetErrorHandler((_, error) => ConfluentClients.Error(error))
            .Build(), $"producer '{_settings.ClientId}'");
    }

    public string Name => _settings.ClientId;

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
        => Send(topic, partition, message, completion);

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
        => Send(topic, -1, message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topicPartition.Partition);
        Send(topicPartition.Topic, topicPartition.Partition, message, deliveryHandler);
    }

    /// <summary>Serializes and hands the record to librdkafka; <paramref name="completion"/> is a task source, a handler or null.</summary>
    private void Send(string topic, int partition, Message<TKey, TValue> message, object? completion)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfDisposed();
        if (_settings.TransactionalId is not null) ThrowUnlessInTransaction();
        var record = new CK.Message<byte[]?, byte[]?>
        {
            Key = message.Key is null ? null : Serialize(_keySerializer, message.Key, MessageComponentType.Key, topic, message.Headers),
            Value = message.Value is null ? null : Serialize(_valueSerializer, message.Value, MessageComponentType.Value, topic, message.Headers),
            Headers = message.Headers.ToConfluent(),
            Timestamp = message.Timestamp.ToConfluent(),
        };
        int size = RecordSize.Estimate(record);
        if (size > _settings.MaxRequestSize)
            throw new RecordTooLargeException($"a record of {size} bytes for topic '{topic}' is larger than max.request.size ({_settings.MaxRequestSize})");

        Action<CK.DeliveryReport<byte[]?, byte[]?>> onDelivered = report => OnDelivered(report, message, completion);
        long deadline = Stopwatch.GetTimestamp() + (long)(_settings.MaxBlock.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                if (partition < 0) _producer.Produce(topic, record, onDelivered);
                else _producer.Produce(new CK.TopicPartition(topic, new CK.Partition(partition)), record, onDelivered);
                return;
            }
            catch (CK.ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == CK.ErrorCode.Local_QueueFull)
            {
                WaitForRoom(deadline);
            }
            catch (CK.KafkaException ex)
            {
                throw KafkaErrorMapper.Map(ex.Error, $"producing to topic '{topic}'{(partition >= 0 ? $" partition {partition}" : "")} failed", ex);
            }
        }
    }

    /// <summary>The queue is full: wait for a delivery to free room, until <c>max.block.ms</c> has passed.</summary>
    private void WaitForRoom(long deadline)
    {
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0)
        {
            throw new BufferExhaustedException($"buffer.memory ({_settings.BufferMemory} bytes) stayed full for max.block.ms ({_settings.MaxBlock.TotalMilliseconds} ms): " +
                "the cluster does not take records as fast as they are produced, or cannot be reached");
        }
        _spaceFreed.Reset();
        // Bounded slices: a delivery between the failed send and the reset is not waited for in vain for long.
        var slice = TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency);
        _spaceFreed.Wait(slice < QueueFullWaitSlice ? slice : QueueFullWaitSlice);
        ThrowIfDisposed();
    }

    private byte[] Serialize<T>(ISerializer<T> serializer, T data, MessageComponentType component, string topic, Headers? headers)
    {
        lock (_serializeLock)
        {
            _buffer.ResetWrittenCount();
            try
            {
                serializer.Serialize(data, _buffer, new SerializationContext(component, topic, headers));
            }
            catch (Exception ex) when (ex is not StreamingException)
            {
                throw new SerializationException($"could not serialize the record for topic '{topic}': {ex.Message}", ex);
            }
            return _buffer.WrittenSpan.ToArray();
        }
    }

    private void OnDelivered(CK.DeliveryReport<byte[]?, byte[]?> report, Message<TKey, TValue> message, object? completion)
    {
        _spaceFreed.Set();
        StreamingException? error = report.Error.IsError ? DeliveryError(report) : null;
        switch (completion)
        {
            case TaskCompletionSource<DeliveryResult<TKey, TValue>> tcs when error is not null:
                tcs.TrySetException(error);
                break;
            case TaskCompletionSource<DeliveryResult<TKey, TValue>> tcs:
                tcs.TrySetResult(new DeliveryResult<TKey, TValue>
                {
                    Topic = report.Topic,
                    Partition = report.Partition.Value,
                    Offset = new Offset(report.Offset.Value),
                    Message = message,
                    Status = (PersistenceStatus)(int)report.Status,
                });
                break;
            case Action<DeliveryReport<TKey, TValue>> handler:
                try
                {
                    handler(new DeliveryReport<TKey, TValue>
                    {
                        Topic = report.Topic,
                        Partition = report.Partition.Value,
                        Offset = new Offset(report.Offset.Value),
                        Message = message,
                        Status = (PersistenceStatus)(int)report.Status,
                        Error = error,
                    });
                }
                catch (Exception ex)
                {
                    // Runs on librdkafka's delivery thread: an exception must not take it down.
                    Trace.TraceError($"producer {Name}: a delivery handler threw: {ex}");
                }
                break;
        }
    }

    private StreamingException DeliveryError(CK.DeliveryReport<byte[]?, byte[]?> report)
    {
        if (report.Error.Code is CK.ErrorCode.Local_PurgeQueue or CK.ErrorCode.Local_PurgeInflight && _settings.TransactionalId is { } id)
            return new TransactionAbortedException($"the record was not sent: the transaction of '{id}' was aborted");
        var error = KafkaErrorMapper.Map(report.Error, $"delivery to {report.Topic}[{report.Partition.Value}] failed");
        if (error is RecordTooLargeException)
            return new RecordTooLargeException($"the broker refused a record for {report.Topic}[{report.Partition.Value}] as too large " +
                $"(the topic's max.message.bytes or the broker's message.max.bytes): {KafkaErrorMapper.Describe(report.Error)}");
        return error;
    }

    public int Flush(TimeSpan timeout)
    {
        ThrowIfDisposed();
        return _producer.Flush(timeout);
    }

    public void Flush(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _producer.Flush(cancellationToken);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public void Dispose()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        if (_settings.TransactionalId is not null) AbortOnClose();
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            // As Kafka's close(): send what is buffered and wait for it (bounded by delivery.timeout.ms).
            _producer.Flush(_deliveryTimeout + TimeSpan.FromSeconds(1));
        }
        catch (CK.KafkaException ex)
        {
            Trace.TraceWarning($"producer {Name}: flushing on close failed: {ex.Message}");
        }
        _producer.Dispose();
        _spaceFreed.Set();
        DisposeGroupOnlyMetadata();
    }
}
