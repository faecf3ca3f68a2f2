using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>AddPartitionsToTxn, AddOffsetsToTxn, EndTxn and TxnOffsetCommit on the broker's transaction coordinator.</summary>
internal static class TransactionHandlers
{
    public static async ValueTask<KafkaResponse?> AddPartitionsAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<AddPartitionsToTxnRequest>(context, body);
        var response = new AddPartitionsToTxnResponse();
        if (context.Version <= 3)
        {
            response.ResultsByTopicV3AndBelow = await AddAsync(context, request.V3AndBelowTransactionalId, request.V3AndBelowProducerId,
                request.V3AndBelowProducerEpoch, request.V3AndBelowTopics, verifyOnly: false).ConfigureAwait(false);
            return KafkaResponse.Of(context, response);
        }
        foreach (var transaction in request.Transactions)
        {
            response.ResultsByTransaction.Add(new AddPartitionsToTxnResult
            {
                TransactionalId = transaction.TransactionalId,
                TopicResults = await AddAsync(context, transaction.TransactionalId, transaction.ProducerId, transaction.ProducerEpoch,
                    transaction.Topics, transaction.VerifyOnly).ConfigureAwait(false),
            });
        }
        return KafkaResponse.Of(context, response);
    }

    private static async Task<List<AddPartitionsToTxnTopicResult>> AddAsync(RequestContext context, string transactionalId, long producerId, short epoch,
        List<AddPartitionsToTxnTopic> topics, bool verifyOnly)
    {
        var partitions = topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Name, p))).ToList();
        short error = 0;
        try
        {
            if (verifyOnly)
            {
                foreach (var tp in partitions)
                    await context.Broker.Transactions.VerifyPartitionAsync(transactionalId, producerId, epoch, tp).ConfigureAwait(false);
            }
            else
            {
                await context.Broker.Transactions.AddPartitionsAsync(transactionalId, producerId, epoch, partitions).ConfigureAwait(false);
            }
        }
        catch (StreamingException ex)
        {
            error = ErrorCodes.From(ex);
        }
        return [.. topics.Select(t => new AddPartitionsToTxnTopicResult
        {
            Name = t.Name,
            ResultsByPartition = [.. t.Partitions.Select(p => new AddPartitionsToTxnPartitionResult { PartitionIndex = p, PartitionErrorCode = error })],
        })];
    }

    public static async ValueTask<KafkaResponse?> AddOffsetsAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<AddOffsetsToTxnRequest>(context, body);
        var response = new AddOffsetsToTxnResponse();
        try
        {
            await context.Broker.Transactions.AddOffsetsAsync(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.GroupId).ConfigureAwait(false);
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
        }
        return KafkaResponse.Of(context, response);
    }

    public static async ValueTask<KafkaResponse?> EndAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<EndTxnRequest>(context, body);
        var response = new EndTxnResponse();
        try
        {
            await context.Broker.Transactions.EndTransactionAsync(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.Committed).ConfigureAwait(false);
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
        }
        return KafkaResponse.Of(context, response);
    }

    public static async ValueTask<KafkaResponse?> CommitOffsetsAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<TxnOffsetCommitRequest>(context, body);
        var offsets = request.Topics.SelectMany(t => t.Partitions.Select(p => (new TopicPartition(t.Name, p.PartitionIndex), p.CommittedOffset, p.CommittedMetadata))).ToList();
        short error = 0;
        try
        {
            await context.Broker.Transactions.CommitOffsetsAsync(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.GroupId,
                request.GenerationId, request.MemberId, request.GroupInstanceId, offsets).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StreamingException or ArgumentException)
        {
            error = ErrorCodes.From(ex);
        }
        var response = new TxnOffsetCommitResponse
        {
            Topics = [.. request.Topics.Select(t => new TxnOffsetCommitResponseTopic
            {
                Name = t.Name,
                Partitions = [.. t.Partitions.Select(p => new TxnOffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = error })],
            })],
        };
        return KafkaResponse.Of(context, response);
    }
}
