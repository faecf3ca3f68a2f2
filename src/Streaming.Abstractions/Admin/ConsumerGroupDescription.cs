namespace Streaming;

/// <summary>A consumer group: state, chosen assignor, generation and members with their assignments.</summary>
public sealed record ConsumerGroupDescription(
    string GroupId,
    ConsumerGroupState State,
    string ProtocolType,
    string Protocol,
    int Generation,
    string? LeaderId,
    IReadOnlyList<MemberDescription> Members);
