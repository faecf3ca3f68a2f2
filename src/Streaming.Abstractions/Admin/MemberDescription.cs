namespace Streaming;

/// <summary>One member of a described group.</summary>
public sealed record MemberDescription(string MemberId, string? GroupInstanceId, string ClientId, string Host, IReadOnlyList<TopicPartition> Assignment);
