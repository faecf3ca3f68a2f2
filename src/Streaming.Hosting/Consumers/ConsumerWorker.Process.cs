using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

internal sealed partial class ConsumerWorker<TKey, TValue>
{
    /// <summary>Handles a lane's records one at a time, in order, within the worker's concurrency bound.</summary>
    private async Task RunLaneAsync(ChannelReader<ConsumeResult<byte[]?, byte[]?>> reader)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var record))
            {
                if (_stopping || TransactionFailure is not null || !await TryEnterAsync().ConfigureAwait(false))
                {
                    LaneIdle(record);
                    _progress.Skipped(); // never started: uncommitted (but for at-most-once), redelivered after a restart or rewind
                    continue;
                }
                bool finished;
                try
                {
                    finished = await ProcessAsync(record).ConfigureAwait(false);
                }
                finally
                {
                    _concurrency.Release();
                }
                LaneIdle(record);
                if (finished) _progress.Completed(record.TopicPartition, record.Offset.Value);
                else _progress.Skipped();
            }
        }
    }

    private async ValueTask<bool> TryEnterAsync()
    {
        try
        {
            await _concurrency.WaitAsync(_hardStop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs the handler through the pipeline; true when the record is done with (handled or dead-lettered).</summary>
    private async Task<bool> ProcessAsync(ConsumeResult<byte[]?, byte[]?> raw)
    {
        var tags = Tags.Partition(GroupId, raw.TopicPartition);
        long started = _time.GetTimestamp();
        using var activity = StreamingInstrumentation.ActivitySource.StartActivity($"{raw.Topic} process", ActivityKind.Consumer,
            TraceContext.Extract(raw.Message.Headers));
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", raw.Topic);
        activity?.SetTag("messaging.consumer.group.name", GroupId);
        activity?.SetTag("messaging.kafka.offset", raw.Offset.Value);
        _instrumentation.Consumed.Add(1, tags);
        int attempts = 0;
        try
        {
            var record = Deserialize(raw); // a record that cannot be read will not be readable on a retry either
            await _pipeline.ExecuteAsync(async ct =>
            {
                int attempt = Interlocked.Increment(ref attempts);
                // The transaction is lost (fenced, failed send): no use retrying; the record is redelivered after the rewind.
                if (TransactionFailure is not null) throw new OperationCanceledException("the open transaction failed");
                try
                {
                    await InvokeHandlerAsync(record, attempt, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Log.HandlerAttemptFailed(_logger, ex, Name, raw.TopicPartitionOffset, attempt);
                    throw;
                }
            }, _hardStop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            return false; // the shutdown timeout ran out mid-record: redelivered after a restart
        }
        catch (Exception) when (TransactionFailure is not null)
        {
            return false; // exactly-once: the transaction failed; redelivered after the rewind
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", ex.GetType().FullName);
            return await FailAsync(raw, ex, Math.Max(attempts, 1)).ConfigureAwait(false);
        }
        finally
        {
            _instrumentation.ProcessDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private ConsumeResult<TKey, TValue> Deserialize(ConsumeResult<byte[]?, byte[]?> raw)
    {
        var headers = raw.Message.Headers;
        var key = raw.Message.Key;
        var value = raw.Message.Value;
        return new ConsumeResult<TKey, TValue>
        {
            Topic = raw.Topic,
            Partition = raw.Partition,
            Offset = raw.Offset,
            Message = new Message<TKey, TValue>
            {
                Key = _keyDeserializer.Deserialize(key, key is null, new SerializationContext(MessageComponentType.Key, raw.Topic, headers)),
                Value = _valueDeserializer.Deserialize(value, value is null, new SerializationContext(MessageComponentType.Value, raw.Topic, headers)),
                Headers = headers,
                Timestamp = raw.Message.Timestamp,
            },
        };
    }

    private async Task InvokeHandlerAsync(ConsumeResult<TKey, TValue> record, int attempt, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = (IRecordHandler<TKey, TValue>)scope.ServiceProvider.GetRequiredService(_registration.HandlerType);
            // Under exactly-once, what an attempt produces is held back until it succeeds, so a failed attempt leaves
            // nothing in the transaction.
            var producer = new HandlerRecordProducer(_producer!, _services, _instrumentation, buffered: IsExactlyOnce);
            var context = new RecordContext(GroupId, record.TopicPartitionOffset, record.Message.Headers, attempt, producer, cancellationToken);
            await handler.HandleAsync(record, context).ConfigureAwait(false);
            try
            {
                producer.SendBuffered();
            }
            catch (StreamingException ex) when (IsExactlyOnce && IsTransactionError(ex))
            {
                FailTransaction(ex);
                throw;
            }
        }
    }

    /// <summary>The pipeline gave up: dead-letter the record (inside the transaction under exactly-once) or stop.</summary>
    private async Task<bool> FailAsync(ConsumeResult<byte[]?, byte[]?> raw, Exception error, int attempts)
    {
        if (Options.OnFailure == ProcessingFailureAction.StopConsumer)
        {
            SetFault(error, raw.TopicPartitionOffset.ToString());
            return false;
        }
        string topic = raw.Topic + Options.DeadLetterTopicSuffix;
        var headers = new Headers();
        foreach (var header in raw.Message.Headers ?? []) headers.Add(header);
        headers.Add(DeadLetterHeaders.Topic, raw.Topic);
        headers.Add(DeadLetterHeaders.Partition, raw.Partition.ToString(CultureInfo.InvariantCulture));
        headers.Add(DeadLetterHeaders.Offset, raw.Offset.Value.ToString(CultureInfo.InvariantCulture));
        headers.Add(DeadLetterHeaders.GroupId, GroupId);
        headers.Add(DeadLetterHeaders.ExceptionType, error.GetType().FullName);
        headers.Add(DeadLetterHeaders.ExceptionMessage, error.Message);
        headers.Add(DeadLetterHeaders.ExceptionStackTrace, error.StackTrace ?? "");
        headers.Add(DeadLetterHeaders.Attempts, attempts.ToString(CultureInfo.InvariantCulture));
        var message = new Message<byte[]?, byte[]?> { Key = raw.Message.Key, Value = raw.Message.Value, Headers = headers, Timestamp = raw.Message.Timestamp };
        try
        {
            if (IsExactlyOnce) _producer!.Produce(topic, message);
            else await _producer!.ProduceAsync(topic, message, _hardStop.Token).ConfigureAwait(false);
        }
        catch (StreamingException dlqError) when (IsExactlyOnce && IsTransactionError(dlqError))
        {
            FailTransaction(dlqError); // the transaction is lost, not the dead-letter topic: redelivered after the rewind
            return false;
        }
        catch (Exception dlqError) when (dlqError is StreamingException or OperationCanceledException)
        {
            Log.DeadLetterFailed(_logger, dlqError, Name, raw.TopicPartitionOffset, topic);
            SetFault(new AggregateException(
                $"the handler gave up on '{raw.TopicPartitionOffset}' and writing it to the dead-letter topic '{topic}' failed too ({dlqError.Message}): the consumer stops without committing the record",
                error, dlqError), raw.TopicPartitionOffset.ToString());
            return false;
        }
        _instrumentation.DeadLettered.Add(1, Tags.Topic(raw.Topic));
        Log.DeadLettered(_logger, error, Name, raw.TopicPartitionOffset, topic);
        return true;
    }
}
