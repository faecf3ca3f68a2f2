using System.Runtime.InteropServices;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Messages;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// Produce: each partition's RecordBatch v2 bytes are checked and appended as sent (compressed, idempotent and
/// transactional batches included); acks=-1 answers once the appends are fsynced (group commit), acks=0 not at all.
/// </summary>
internal static class ProduceHandler
{
    public static async ValueTask<KafkaResponse?> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<ProduceRequest>(context, body);
        var broker = context.Broker;
        var response = new ProduceResponse();
        List<Task>? waits = null;
        foreach (var topicData in request.TopicData)
        {
            var topicResponse = new TopicProduceResponse { Name = topicData.Name };
            response.Responses.Add(topicResponse);
            foreach (var partitionData in topicData.PartitionData)
            {
                var partition = new PartitionProduceResponse { Index = partitionData.Index, BaseOffset = -1 };
                topicResponse.PartitionResponses.Add(partition);
                try
                {
                    var tp = new TopicPartition(topicData.Name, partitionData.Index);
                    if (request.Acks is not (0 or 1 or -1))
                        throw new StreamingException(ErrorCode.InvalidRequiredAcks, $"acks must be 0, 1 or -1, got {request.Acks}");
                    if (TopicNames.IsInternal(topicData.Name))
                        throw new InvalidTopicException($"topic '{topicData.Name}' is internal: clients cannot produce to it");
                    var log = broker.Topics.GetPartition(tp);
                    var info = await AppendAsync(context, request, log, tp, partitionData.Records).ConfigureAwait(false);
                    partition.BaseOffset = info.BaseOffset;
                    partition.LogStartOffset = info.LogStartOffset;
                    if (request.Acks == -1)
                        (waits ??= []).Add(WaitDurableAsync(broker, log, info.LastOffset + 1, partition, request.TimeoutMs));
                }
                catch (Exception ex) when (ex is StreamingException or ArgumentException)
                {
                    Fail(partition, ex);
                }
            }
        }
        if (request.Acks == 0) return null; // Kafka sends no response at all for acks=0
        if (waits is not null) await Task.WhenAll(waits).ConfigureAwait(false);
        return KafkaResponse.Of(context, response);
    }

    /// <summary>Appends every batch of the records section (one per partition in Kafka 3+; more are accepted).</summary>
    private static async ValueTask<AppendInfo> AppendAsync(RequestContext context, ProduceRequest request, PartitionLog log, TopicPartition tp,
        ReadOnlyMemory<byte>? records)
    {
        if (records is not { Length: > 0 } bytes)
            throw new InvalidRecordException($"the produce request for {tp} carries no record batch");
        // The request buffer is this connection's own copy: the log stamps base offsets into it in place.
        var batches = MemoryMarshal.AsMemory(bytes);
        AppendInfo first = default, last = default;
        for (int position = 0, index = 0; position < batches.Length; index++)
        {
            int size = RecordBatch.PeekTotalSize(batches.Span[position..]);
            if (size <= 0 || position + size > batches.Length)
                throw new CorruptRecordException($"the records for {tp} end in a cut-short batch at byte {position}");
            var header = RecordBatchHeader.Read(batches.Span[position..]);
            if (header.IsTransactional && !header.IsControl)
            {
                if (request.TransactionalId is null)
                    throw new InvalidRecordException($"a transactional batch for {tp} came in a produce request without a transactional id");
                await context.Broker.Transactions.VerifyPartitionAsync(request.TransactionalId, header.ProducerId, header.ProducerEpoch, tp).ConfigureAwait(false);
            }
            last = log.Append(batches.Span.Slice(position, size));
            if (index == 0) first = last;
            position += size;
        }
        return new AppendInfo(first.BaseOffset, last.LastOffset, last.LogStartOffset);
    }

    private static async Task WaitDurableAsync(EmbeddedBroker broker, PartitionLog log, long endOffset, PartitionProduceResponse partition, int timeoutMs)
    {
        try
        {
            var durable = broker.Committer.WaitForFlushAsync(log, endOffset);
            await (timeoutMs > 0 ? durable.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs)) : durable).ConfigureAwait(false);
        }
        catch (System.TimeoutException)
        {
            partition.ErrorCode = (short)ErrorCode.RequestTimedOut;
            partition.ErrorMessage = $"the append was not fsynced within the request timeout ({timeoutMs} ms)";
        }
        catch (StreamingException ex)
        {
            Fail(partition, ex);
        }
    }

    private static void Fail(PartitionProduceResponse partition, Exception ex)
    {
        partition.ErrorCode = ErrorCodes.From(ex);
        partition.ErrorMessage = ex.Message;
        partition.BaseOffset = -1;
    }
}
