using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// The classic group protocol over the wire: JoinGroup, SyncGroup, Heartbeat and LeaveGroup on the broker's group
/// coordinator. Remote members learn of a rebalance from their heartbeat (REBALANCE_IN_PROGRESS), as in Kafka.
/// </summary>
internal static class GroupMembershipHandlers
{
    public static async ValueTask<KafkaResponse?> JoinAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<JoinGroupRequest>(context, body);
        var response = new JoinGroupResponse { MemberId = request.MemberId };
        try
        {
            // v0 has no rebalance timeout: Kafka uses the session timeout then.
            int rebalanceTimeout = request.RebalanceTimeoutMs > 0 ? request.RebalanceTimeoutMs : request.SessionTimeoutMs;
            var result = await context.Broker.Groups.JoinAsync(request.GroupId, request.MemberId, request.GroupInstanceId, context.ClientId,
                "/" + context.ClientHost, request.ProtocolType, [.. request.Protocols.Select(p => (p.Name, p.Metadata.ToArray()))],
                request.SessionTimeoutMs, rebalanceTimeout).ConfigureAwait(false);
            response.ErrorCode = (short)result.Error;
            response.MemberId = result.MemberId;
            response.GenerationId = result.Generation;
            response.ProtocolName = result.Protocol ?? (context.Version >= 7 ? null : "");
            if (context.Version >= 7) response.ProtocolType = result.Error == ErrorCode.None ? request.ProtocolType : null;
            response.Leader = result.LeaderId ?? "";
            response.Members = [.. result.Members.Select(m => new JoinGroupResponseMember
            {
                MemberId = m.MemberId,
                GroupInstanceId = context.Version >= 5 ? m.InstanceId : null,
                Metadata = m.Metadata,
            })];
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
            if (context.Version >= 7) response.ProtocolName = null;
        }
        return KafkaResponse.Of(context, response);
    }

    public static async ValueTask<KafkaResponse?> SyncAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<SyncGroupRequest>(context, body);
        var response = new SyncGroupResponse();
        try
        {
            var assignments = request.Assignments.Count == 0
                ? null
                : request.Assignments.ToDictionary(a => a.MemberId, a => a.Assignment.ToArray(), StringComparer.Ordinal);
            var result = await context.Broker.Groups.SyncAsync(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId, assignments)
                .ConfigureAwait(false);
            response.ErrorCode = (short)result.Error;
            response.Assignment = result.Assignment;
            if (context.Version >= 5 && result.Error == ErrorCode.None)
            {
                response.ProtocolType = request.ProtocolType;
                response.ProtocolName = request.ProtocolName;
            }
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
        }
        return KafkaResponse.Of(context, response);
    }

    public static KafkaResponse Heartbeat(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<HeartbeatRequest>(context, body);
        var response = new HeartbeatResponse();
        try
        {
            response.ErrorCode = (short)context.Broker.Groups.Heartbeat(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId);
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
        }
        return KafkaResponse.Of(context, response);
    }

    public static KafkaResponse Leave(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<LeaveGroupRequest>(context, body);
        var response = new LeaveGroupResponse();
        var groups = context.Broker.Groups;
        try
        {
            if (context.Version < 3)
            {
                response.ErrorCode = (short)groups.Leave(request.GroupId, request.MemberId, null);
            }
            else
            {
                // v3+ (KIP-345): a batch of members, static ones named by instance id.
                foreach (var member in request.Members)
                {
                    string memberId = member.MemberId;
                    if (memberId.Length == 0 && member.GroupInstanceId is { } instance && groups.TryGetGroup(request.GroupId, out var group))
                        lock (group.Lock) memberId = group.StaticMembers.GetValueOrDefault(instance) ?? "";
                    response.Members.Add(new MemberResponse
                    {
                        MemberId = member.MemberId,
                        GroupInstanceId = member.GroupInstanceId,
                        ErrorCode = (short)groups.Leave(request.GroupId, memberId, member.GroupInstanceId),
                    });
                }
            }
        }
        catch (StreamingException ex)
        {
            response.ErrorCode = ErrorCodes.From(ex);
        }
        return KafkaResponse.Of(context, response);
    }
}
