namespace Streaming;

/// <summary>A group call named a member or generation the coordinator no longer knows (unknown member id, stale generation, fenced instance).</summary>
public sealed class GroupMembershipException(ErrorCode code, string message) : StreamingException(code, message);
