using Streaming.Broker.Log;

namespace Streaming.Broker.Topics;

/// <summary>A topic: its id, config and partition logs. The partition array is replaced (never mutated) when partitions are added.</summary>
internal sealed class Topic(string name, Guid id, TopicConfig config, PartitionLog[] partitions)
{
    private PartitionLog[] _partitions = partitions;
    private TopicConfig _config = config;

    public string Name { get; } = name;

    public Guid Id { get; } = id;

    public TopicConfig Config
    {
        get => Volatile.Read(ref _config);
        set
        {
            Volatile.Write(ref _config, value);
            foreach (var p in Partitions) p.Config = value;
        }
    }

    public PartitionLog[] Partitions
    {
        get => Volatile.Read(ref _partitions);
        set => Volatile.Write(ref _partitions, value);
    }

    public bool IsDeleted { get; set; }
}
