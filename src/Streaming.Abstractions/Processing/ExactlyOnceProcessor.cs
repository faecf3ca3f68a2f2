using System.Diagnostics;

namespace Streaming;

/// <summary>
/// The exactly-once consume-transform-produce loop (KIP-98, KIP-447): a read_committed consumer without auto-commit and a
/// transactional producer, so the records consumed, the records produced and the consumed offsets commit atomically, one
/// transaction every <see cref="ExactlyOnceProcessorOptions.CommitInterval"/>. On a rebalance, a refused commit, a failed
/// send or a fenced or timed-out producer, the open transaction is aborted and the partitions rewind to their committed
/// offsets, so nothing is lost or produced twice. Runs on any transport.
/// </summary>
public sealed class ExactlyOnceProcessor<TInKey, TInValue, TOutKey, TOutValue>
{
    private readonly IStreamingTransport _transport;
    private readonly ExactlyOnceProcessorOptions _options;
    private readonly Action<ConsumeResult<TInKey, TInValue>, ITransactionalOutput<TOutKey, TOutValue>> _transform;
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private IProducer<TOutKey, TOutValue>? _producer;
    private ProducerConfig? _producerConfig;
    private IConsumer<TInKey, TInValue>? _consumer;
    private bool _inTransaction;
    private long _transactionStart;
    private int _fencings;
    private long _processed;
    private long _committed;
    private long _aborted;

    /// <summary>Creates the processor; nothing connects until <see cref="Run"/>.</summary>
    /// <param name="transport">Where the consumer and producer come from.</param>
    /// <param name="options">Configurations, input topics and the commit interval.</param>
    /// <param name="transform">Called for each input record; writes its results to the output. It runs inside the
    /// transaction: if the transaction aborts, the record is processed again, so it must not have other side effects.</param>
    public ExactlyOnceProcessor(IStreamingTransport transport, ExactlyOnceProcessorOptions options,
        Action<ConsumeResult<TInKey, TInValue>, ITransactionalOutput<TOutKey, TOutValue>> transform)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transform);
        if (string.IsNullOrWhiteSpace(options.Consumer.GroupId))
            throw new InvalidConfigurationException("an exactly-once processor commits its input offsets for a group: set 'group.id' in the consumer configuration");
        if (options.InputTopics.Count == 0) throw new InvalidConfigurationException("an exactly-once processor needs at least one input topic");
        if (options.CommitInterval <= TimeSpan.Zero) throw new InvalidConfigurationException($"CommitInterval must be positive, got {options.CommitInterval}");
        _transport = transport;
        _options = options;
        _transform = transform;
    }

    /// <summary>Input records handed to the transform (records of aborted transactions counted again when reprocessed).</summary>
    public long ProcessedRecords => Interlocked.Read(ref _processed);

    /// <summary>Transactions committed.</summary>
    public long CommittedTransactions => Interlocked.Read(ref _committed);

    /// <summary>Transactions aborted (rebalances, refused commits, fencing, failed sends).</summary>
    public long AbortedTransactions => Interlocked.Read(ref _aborted);

    /// <summary>Runs the loop on a dedicated thread until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Runs the loop on this thread until <paramref name="cancellationToken"/> is cancelled; then commits what is open and
    /// closes. Throws on errors it cannot recover from (configuration, storage, repeated fencing, the transform's own).
    /// </summary>
    public void Run(CancellationToken cancellationToken)
    {
        var consumerConfig = new ConsumerConfig(_options.Consumer) { DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce };
        _producerConfig = new ProducerConfig(_options.Producer) { DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce };
        _producerConfig.TransactionalId ??= consumerConfig.GroupId + ".exactly-once";
        try
        {
            // The producer first: InitTransactions aborts what a previous incarnation left open, so the consumer then
            // starts from offsets no open transaction can still change.
            _producer = CreateProducer();
            _consumer = _transport.CreateConsumer(new ConsumerSetup<TInKey, TInValue>
            {
                Config = consumerConfig,
                KeyDeserializer = Deserializers.Default<TInKey>(),
                ValueDeserializer = Deserializers.Default<TInValue>(),
                PartitionsRevoked = (_, _) => AbortAndRewind(),
                PartitionsLost = (_, _) => AbortAndRewind(),
            });
            _consumer.Subscribe(_options.InputTopics);
            var output = new Output(this);
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = _consumer.Consume(NextWait());
                if (result is not null && !result.IsPartitionEOF)
                {
                    try
                    {
                        if (!_inTransaction) Begin();
                        _transform(result, output);
                        _positions[result.TopicPartition] = result.Offset.Value + 1;
                        _processed++;
                    }
                    catch (StreamingException ex) when (IsRecoverable(ex))
                    {
                        Recover(ex); // the record is read again, from the committed offsets
                    }
                }
                if (_inTransaction && Stopwatch.GetElapsedTime(_transactionStart) >= _options.CommitInterval) Commit();
            }
            if (_inTransaction) Commit();
        }
        finally
        {
            _consumer?.Dispose();
            _producer?.Dispose(); // aborts a transaction still open (after an error)
        }
    }

    private IProducer<TOutKey, TOutValue> CreateProducer()
    {
        var producer = _transport.CreateProducer(_producerConfig!, Serializers.Default<TOutKey>(), Serializers.Default<TOutValue>());
        try
        {
            producer.InitTransactions(_options.OperationTimeout);
            return producer;
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    private TimeSpan NextWait()
    {
        if (!_inTransaction) return _options.CommitInterval;
        var left = _options.CommitInterval - Stopwatch.GetElapsedTime(_transactionStart);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Begin()
    {
        _producer!.BeginTransaction();
        _inTransaction = true;
        _transactionStart = Stopwatch.GetTimestamp();
    }

    private void Commit()
    {
        var metadata = _consumer!.ConsumerGroupMetadata!;
        try
        {
            _producer!.SendOffsetsToTransaction(_positions.Select(p => new TopicPartitionOffset(p.Key, p.Value)), metadata, _options.OperationTimeout);
            _producer.CommitTransaction(_options.OperationTimeout);
            _inTransaction = false;
            _positions.Clear();
            _fencings = 0;
            _committed++;
        }
        catch (StreamingException ex) when (IsRecoverable(ex))
        {
            Recover(ex);
        }
    }

    private static bool IsRecoverable(StreamingException ex)
        => ex is ProducerFencedException or TransactionAbortableException or CommitFailedException or InvalidProducerEpochException;

    /// <summary>Gives up the open transaction after <paramref name="error"/> and goes on from the committed offsets.</summary>
    private void Recover(StreamingException error)
    {
        if (error is ProducerFencedException) ReplaceFencedProducer();
        else AbortAndRewind();
    }

    /// <summary>
    /// Another incarnation with our transactional id took over and aborted our transaction. Start over with a new producer
    /// (which fences it in turn) from the committed offsets — unless this keeps happening.
    /// </summary>
    private void ReplaceFencedProducer()
    {
        if (++_fencings > _options.MaxConsecutiveFencings)
            throw new ProducerFencedException($"the exactly-once processor's producer '{_producerConfig!.TransactionalId}' was fenced {_fencings} times in a row: another instance uses the same transactional.id");
        _producer!.Dispose();
        _producer = null;
        if (_inTransaction) _aborted++;
        _inTransaction = false;
        Rewind();
        _producer = CreateProducer();
    }

    /// <summary>Aborts the open transaction (its results are never visible) and rewinds the input to the committed offsets.</summary>
    private void AbortAndRewind()
    {
        if (!_inTransaction) return;
        try
        {
            _producer!.AbortTransaction(_options.OperationTimeout);
        }
        catch (ProducerFencedException)
        {
            ReplaceFencedProducer();
            return;
        }
        _inTransaction = false;
        _aborted++;
        Rewind();
    }

    private void Rewind()
    {
        _positions.Clear();
        // Offset.Stored: each partition resumes from its committed offset (waiting while a transaction still holds it) or
        // auto.offset.reset.
        foreach (var tp in _consumer!.Assignment) _consumer.Seek(new TopicPartitionOffset(tp, Offset.Stored));
    }

    private sealed class Output(ExactlyOnceProcessor<TInKey, TInValue, TOutKey, TOutValue> processor) : ITransactionalOutput<TOutKey, TOutValue>
    {
        public void Produce(string topic, Message<TOutKey, TOutValue> message) => processor._producer!.Produce(topic, message);

        public void Produce(TopicPartition topicPartition, Message<TOutKey, TOutValue> message) => processor._producer!.Produce(topicPartition, message);
    }
}
