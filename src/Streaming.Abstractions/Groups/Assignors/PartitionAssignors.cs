namespace Streaming;

/// <summary>The built-in assignors, by Kafka's <c>partition.assignment.strategy</c> names.</summary>
public static class PartitionAssignors
{
    private const string JavaPackage = "org.apache.kafka.clients.consumer.";

    /// <summary>Kafka's "range" assignor.</summary>
    public static RangeAssignor Range { get; } = new();

    /// <summary>Kafka's "roundrobin" assignor.</summary>
    public static RoundRobinAssignor RoundRobin { get; } = new();

    /// <summary>Kafka's "cooperative-sticky" assignor.</summary>
    public static CooperativeStickyAssignor CooperativeSticky { get; } = new();

    /// <summary>
    /// The built-in assignor with this name: "range", "roundrobin" or "cooperative-sticky", or the Java client's class
    /// names (<c>org.apache.kafka.clients.consumer.RangeAssignor</c>, <c>RoundRobinAssignor</c>,
    /// <c>CooperativeStickyAssignor</c>). Surrounding whitespace is ignored.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">The name is not one of those.</exception>
    public static IPartitionAssignor ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim() switch
        {
            RangeAssignor.AssignorName or JavaPackage + "RangeAssignor" => Range,
            RoundRobinAssignor.AssignorName or JavaPackage + "RoundRobinAssignor" => RoundRobin,
            CooperativeStickyAssignor.AssignorName or JavaPackage + "CooperativeStickyAssignor" => CooperativeSticky,
            _ => throw new InvalidConfigurationException(
                $"partition.assignment.strategy '{name}' is unknown: the known assignors are " +
                $"'{RangeAssignor.AssignorName}', '{RoundRobinAssignor.AssignorName}' and '{CooperativeStickyAssignor.AssignorName}' " +
                $"(or {JavaPackage}RangeAssignor, {JavaPackage}RoundRobinAssignor, {JavaPackage}CooperativeStickyAssignor)"),
        };
    }
}
