using Streaming.Protocol.Messages;

namespace Streaming.Protocol.Tests.Messages;

public static partial class Samples
{
    private static readonly byte[] Metadata = [0, 3, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115];

    static partial void AddGroups(List<MessageCase> all)
    {
        all.Add(new MessageCase<FindCoordinatorRequest>(v => new FindCoordinatorRequest
        {
            Key = v <= 3 ? "group-1" : "",
            KeyType = v >= 1 ? (sbyte)1 : (sbyte)0,
            CoordinatorKeys = v >= 4 ? ["group-1", "group-2"] : [],
        }));
        all.Add(new MessageCase<FindCoordinatorResponse>(v => new FindCoordinatorResponse
        {
            ThrottleTimeMs = v >= 1 ? 4 : 0,
            ErrorCode = v <= 3 ? (short)15 : (short)0,
            ErrorMessage = v is >= 1 and <= 3 ? "not available" : null,
            NodeId = v <= 3 ? 1 : 0,
            Host = v <= 3 ? "localhost" : "",
            Port = v <= 3 ? 9092 : 0,
            Coordinators = v >= 4 ? [new() { Key = "group-1", NodeId = 1, Host = "localhost", Port = 9092, ErrorCode = 0 }, new() { Key = "g2", NodeId = -1, Host = "", Port = -1, ErrorCode = 15, ErrorMessage = "x" }] : [],
        }));
        all.Add(new MessageCase<JoinGroupRequest>(v => new JoinGroupRequest
        {
            GroupId = "group-1",
            SessionTimeoutMs = 45000,
            RebalanceTimeoutMs = v >= 1 ? 300000 : -1,
            MemberId = "member-1",
            GroupInstanceId = v >= 5 ? "instance-1" : null,
            ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = Metadata }, new() { Name = "cooperative-sticky", Metadata = Array.Empty<byte>() }],
            Reason = v >= 8 ? "rebalance" : null,
        }));
        all.Add(new MessageCase<JoinGroupResponse>(v => new JoinGroupResponse
        {
            ThrottleTimeMs = v >= 2 ? 5 : 0,
            ErrorCode = 0,
            GenerationId = 7,
            ProtocolType = v >= 7 ? "consumer" : null,
            ProtocolName = "range",
            Leader = "member-1",
            SkipAssignment = v >= 9,
            MemberId = "member-1",
            Members = [new() { MemberId = "member-1", GroupInstanceId = v >= 5 ? "instance-1" : null, Metadata = Metadata }, new() { MemberId = "member-2", Metadata = Array.Empty<byte>() }],
        }));
        all.Add(new MessageCase<SyncGroupRequest>(v => new SyncGroupRequest
        {
            GroupId = "group-1",
            GenerationId = 7,
            MemberId = "member-1",
            GroupInstanceId = v >= 3 ? "instance-1" : null,
            ProtocolType = v >= 5 ? "consumer" : null,
            ProtocolName = v >= 5 ? "range" : null,
            Assignments = [new() { MemberId = "member-1", Assignment = Metadata }, new() { MemberId = "member-2", Assignment = Array.Empty<byte>() }],
        }));
        all.Add(new MessageCase<SyncGroupResponse>(v => new SyncGroupResponse
        {
            ThrottleTimeMs = v >= 1 ? 5 : 0,
            ErrorCode = 27,
            ProtocolType = v >= 5 ? "consumer" : null,
            ProtocolName = v >= 5 ? "range" : null,
            Assignment = Metadata,
        }));
        all.Add(new MessageCase<HeartbeatRequest>(v => new HeartbeatRequest
        {
            GroupId = "group-1", GenerationId = 7, MemberId = "member-1", GroupInstanceId = v >= 3 ? "instance-1" : null,
        }));
        all.Add(new MessageCase<HeartbeatResponse>(v => new HeartbeatResponse { ThrottleTimeMs = v >= 1 ? 5 : 0, ErrorCode = 22 }));
        all.Add(new MessageCase<LeaveGroupRequest>(v => new LeaveGroupRequest
        {
            GroupId = "group-1",
            MemberId = v <= 2 ? "member-1" : "",
            Members = v >= 3 ? [new() { MemberId = "member-1", GroupInstanceId = "instance-1", Reason = v >= 5 ? "shutdown" : null }, new() { MemberId = "member-2" }] : [],
        }));
        all.Add(new MessageCase<LeaveGroupResponse>(v => new LeaveGroupResponse
        {
            ThrottleTimeMs = v >= 1 ? 5 : 0,
            ErrorCode = 0,
            Members = v >= 3 ? [new() { MemberId = "member-1", GroupInstanceId = "instance-1", ErrorCode = 25 }, new() { MemberId = "member-2" }] : [],
        }));
        all.Add(new MessageCase<DescribeGroupsRequest>(v => new DescribeGroupsRequest
        {
            Groups = ["group-1", "group-2"], IncludeAuthorizedOperations = v >= 3,
        }));
        all.Add(new MessageCase<DescribeGroupsResponse>(v => new DescribeGroupsResponse
        {
            ThrottleTimeMs = v >= 1 ? 5 : 0,
            Groups =
            [
                new()
                {
                    ErrorCode = 0, GroupId = "group-1", GroupState = "Stable", ProtocolType = "consumer", ProtocolData = "range",
                    Members = [new() { MemberId = "member-1", GroupInstanceId = v >= 4 ? "instance-1" : null, ClientId = "client", ClientHost = "/127.0.0.1", MemberMetadata = Metadata, MemberAssignment = Metadata[..4] }],
                    AuthorizedOperations = v >= 3 ? 0x5F : int.MinValue,
                },
                new() { ErrorCode = 69, GroupId = "gone", GroupState = "Dead" },
            ],
        }));
        all.Add(new MessageCase<ListGroupsRequest>(v => new ListGroupsRequest
        {
            StatesFilter = v >= 4 ? ["Stable", "Empty"] : [], TypesFilter = v >= 5 ? ["classic"] : [],
        }));
        all.Add(new MessageCase<ListGroupsResponse>(v => new ListGroupsResponse
        {
            ThrottleTimeMs = v >= 1 ? 5 : 0,
            ErrorCode = 0,
            Groups = [new() { GroupId = "group-1", ProtocolType = "consumer", GroupState = v >= 4 ? "Stable" : "", GroupType = v >= 5 ? "classic" : "" }],
        }));
        all.Add(new MessageCase<DeleteGroupsRequest>(v => new DeleteGroupsRequest { GroupsNames = ["group-1", "group-2"] }));
        all.Add(new MessageCase<DeleteGroupsResponse>(v => new DeleteGroupsResponse
        {
            ThrottleTimeMs = 5, Results = [new() { GroupId = "group-1", ErrorCode = 0 }, new() { GroupId = "group-2", ErrorCode = 69 }],
        }));
    }
}
