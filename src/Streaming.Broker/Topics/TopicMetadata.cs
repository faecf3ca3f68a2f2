namespace Streaming.Broker.Topics;

/// <summary>What is stored about a topic in <c>topics/&lt;name&gt;.json</c>: id, partition count, config overrides.</summary>
internal sealed record TopicMetadata(string Name, Guid TopicId, int Partitions, Dictionary<string, string> Configs);
