using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// InitProducerId: a new producer id for an idempotent producer, or — with a transactional id — the transaction
/// coordinator's id and bumped epoch (fencing older instances). An idempotent producer that sends its id and epoch
/// (KIP-360) gets the epoch bumped, to restart its sequences.
/// </summary>
internal static class InitProducerIdHandler
{
    public static async ValueTask<KafkaResponse?> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<InitProducerIdRequest>(context, body);
        var response = new InitProducerIdResponse();
        try
        {
            if (request.TransactionalId is null)
            {
                if (request.ProducerId >= 0 && request.ProducerEpoch >= 0 && request.ProducerEpoch < short.MaxValue - 1)
                    (response.ProducerId, response.ProducerEpoch) = (request.ProducerId, (short)(request.ProducerEpoch + 1));
                else
                    (response.ProducerId, response.ProducerEpoch) = context.Broker.InitProducerId();
            }
            else
            {
                (response.ProducerId, response.ProducerEpoch) = await context.Broker.Transactions.InitProducerIdAsync(
                    request.TransactionalId, request.TransactionTimeoutMs, request.ProducerId, request.ProducerEpoch).ConfigureAwait(false);
            }
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
            (response.ProducerId, response.ProducerEpoch) = (-1, -1);
        }
        return KafkaResponse.Of(context, response);
    }
}
