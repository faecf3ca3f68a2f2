using Streaming.Broker.Groups;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>DescribeGroups, ListGroups and DeleteGroups.</summary>
internal static class GroupAdminHandlers
{
    public static KafkaResponse Describe(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DescribeGroupsRequest>(context, body);
        var response = new DescribeGroupsResponse();
        foreach (string groupId in request.Groups)
        {
            var described = new DescribedGroup { GroupId = groupId };
            response.Groups.Add(described);
            if (string.IsNullOrWhiteSpace(groupId))
            {
                described.ErrorCode = (short)ErrorCode.InvalidGroupId;
                continue;
            }
            if (!context.Broker.Groups.TryGetGroup(groupId, out var group))
            {
                // Kafka describes an unknown group as Dead, without an error.
                described.GroupState = "Dead";
                continue;
            }
            lock (group.Lock)
            {
                described.GroupState = StateName(group.State);
                described.ProtocolType = group.ProtocolType ?? "";
                described.ProtocolData = group.State == ConsumerGroupState.Stable ? group.Protocol ?? "" : "";
                foreach (var member in group.Members.Values.OrderBy(m => m.MemberId, StringComparer.Ordinal))
                {
                    described.Members.Add(new DescribedGroupMember
                    {
                        MemberId = member.MemberId,
                        GroupInstanceId = context.Version >= 4 ? member.InstanceId : null,
                        ClientId = member.ClientId,
                        ClientHost = member.Host,
                        MemberMetadata = group.Protocol is { } protocol ? member.MetadataFor(protocol) : [],
                        MemberAssignment = member.Assignment,
                    });
                }
            }
        }
        return KafkaResponse.Of(context, response);
    }

    public static KafkaResponse List(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<ListGroupsRequest>(context, body);
        var response = new ListGroupsResponse();
        foreach (var group in context.Broker.Groups.Groups.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            string state, protocolType;
            lock (group.Lock) (state, protocolType) = (StateName(group.State), group.ProtocolType ?? "consumer");
            if (request.StatesFilter.Count > 0 && !request.StatesFilter.Contains(state, StringComparer.OrdinalIgnoreCase)) continue;
            if (request.TypesFilter.Count > 0 && !request.TypesFilter.Contains("classic", StringComparer.OrdinalIgnoreCase)) continue;
            response.Groups.Add(new ListedGroup
            {
                GroupId = group.GroupId,
                ProtocolType = protocolType,
                GroupState = context.Version >= 4 ? state : "",
                GroupType = context.Version >= 5 ? "classic" : "",
            });
        }
        return KafkaResponse.Of(context, response);
    }

    public static async ValueTask<KafkaResponse?> DeleteAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DeleteGroupsRequest>(context, body);
        var response = new DeleteGroupsResponse();
        foreach (string groupId in request.GroupsNames)
        {
            var result = new DeletableGroupResult { GroupId = groupId };
            response.Results.Add(result);
            try
            {
                await context.Broker.Groups.DeleteGroupAsync(groupId).ConfigureAwait(false);
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
            }
        }
        return KafkaResponse.Of(context, response);
    }

    /// <summary>Kafka's names for group states, as DescribeGroups and ListGroups report them.</summary>
    private static string StateName(ConsumerGroupState state) => state switch
    {
        ConsumerGroupState.PreparingRebalance => "PreparingRebalance",
        ConsumerGroupState.CompletingRebalance => "CompletingRebalance",
        ConsumerGroupState.Stable => "Stable",
        ConsumerGroupState.Dead => "Dead",
        _ => "Empty",
    };
}
