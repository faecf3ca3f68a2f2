using System.Buffers;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Internal;

namespace Streaming.Streams.Runtime;

/// <summary>
/// A stream thread's output: every sink, repartition and changelog record of its tasks goes through one producer. The
/// record is copied into reused buffers and handed over in one reused message (the transports serialize before
/// <c>Produce</c> returns), so sending allocates nothing per record here. Delivery failures are kept and thrown at the next
/// send or flush, unless the production-exception handler says to continue (never under exactly-once: the transaction
/// could not commit).
/// </summary>
internal sealed class RecordCollector : IRecordCollector
{
    private IProducer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> _producer;
    private readonly IProductionExceptionHandler _handler;
    private readonly bool _exactlyOnce;
    private readonly string _applicationId;
    private readonly ILogger _logger;
    private readonly Message<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> _message = new();
    private readonly Action<DeliveryReport<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>> _onDelivery;
    private byte[] _key = new byte[256];
    private byte[] _value = new byte[1024];
    private Exception? _failure;
    private long _dropped;

    public RecordCollector(IProducer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> producer, StreamsConfig config, ILogger logger)
    {
        _producer = producer;
        _handler = config.ProductionExceptionHandler;
        _exactlyOnce = config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2;
        _applicationId = config.ApplicationId;
        _logger = logger;
        _onDelivery = OnDelivery;
    }

    /// <summary>Called before the first record of a transaction (exactly-once begins it lazily).</summary>
    public Action? BeforeSend { get; set; }

    /// <summary>The task whose records are being sent, for error reports.</summary>
    public string CurrentTask { get; set; } = "-";

    /// <summary>Records the production handler chose to drop.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Send(string topic, int partition, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers? headers)
    {
        ThrowIfFailed();
        BeforeSend?.Invoke();
        _message.Key = keyIsNull ? (ReadOnlyMemory<byte>?)null : Copy(key, ref _key);
        _message.Value = valueIsNull ? (ReadOnlyMemory<byte>?)null : Copy(value, ref _value);
        _message.Timestamp = new Timestamp(timestamp);
        _message.Headers = headers is { Count: > 0 } ? headers : null;
        try
        {
            if (partition < 0) _producer.Produce(topic, _message, _onDelivery);
            else _producer.Produce(new TopicPartition(topic, partition), _message, _onDelivery);
        }
        catch (StreamingException ex) when (ex is not FatalException && ex is not ProducerFencedException)
        {
            Fail(new ErrorHandlerContext(CurrentTask, topic, partition, -1), ex);
            ThrowIfFailed();
        }
    }

    /// <summary>Waits until every record sent so far is acknowledged, then throws the first failure the handler did not excuse.</summary>
    public void Flush(CancellationToken cancellationToken)
    {
        _producer.Flush(cancellationToken);
        ThrowIfFailed();
    }

    public void ThrowIfFailed()
    {
        Exception? failure = Volatile.Read(ref _failure);
        if (failure is not null)
            throw failure as StreamsException ?? new StreamsException($"a record could not be written: {failure.Message}", failure);
    }

    /// <summary>Sends through a new producer from now on (the old one was fenced); forgets the old one's failure.</summary>
    public void ReplaceProducer(IProducer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> producer)
    {
        _producer = producer;
        Reset();
    }

    /// <summary>Forgets a failure once the transaction it spoiled has been aborted.</summary>
    public void Reset() => Volatile.Write(ref _failure, null);

    private void OnDelivery(DeliveryReport<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> report)
    {
        if (report.Error is { } error) Fail(new ErrorHandlerContext(CurrentTask, report.Topic, report.Partition, -1), error);
    }

    private void Fail(ErrorHandlerContext context, StreamingException error)
    {
        ErrorHandlerResponse response;
        try
        {
            response = _exactlyOnce || error is ProducerFencedException or FatalException ? ErrorHandlerResponse.Fail : _handler.Handle(context, error);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, new StreamsException($"the production exception handler threw: {ex.Message}", ex), null);
            return;
        }
        if (response == ErrorHandlerResponse.Continue)
        {
            Interlocked.Increment(ref _dropped);
            StreamsMetrics.DroppedRecords.Add(1, new KeyValuePair<string, object?>("streams.application_id", _applicationId));
            StreamsLog.ProductionErrorSkipped(_logger, context.TopicDescription(), error.Message);
            return;
        }
        Interlocked.CompareExchange(ref _failure, error is ProducerFencedException or FatalException
            ? error
            : new StreamsException($"task {context.TaskId} could not write a record to {context.Topic}[{context.Partition}]: {error.Message}", error), null);
    }

    private static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> source, ref byte[] buffer)
    {
        if (buffer.Length < source.Length) buffer = new byte[Math.Max(source.Length, buffer.Length * 2)];
        source.CopyTo(buffer);
        return new ReadOnlyMemory<byte>(buffer, 0, source.Length);
    }
}

/// <summary>Serializes a nullable span: the stream thread's producer carries bytes the topology already serialized.</summary>
internal sealed class MemorySerializer : ISerializer<ReadOnlyMemory<byte>?>
{
    public static readonly MemorySerializer Instance = new();

    public void Serialize(ReadOnlyMemory<byte>? data, IBufferWriter<byte> destination, SerializationContext context)
    {
        if (data is { } d) destination.Write(d.Span);
    }
}

internal static class ErrorHandlerContextExtensions
{
    public static string TopicDescription(this ErrorHandlerContext context) => $"{context.Topic}[{context.Partition}] (task {context.TaskId})";
}
