using System.Text;

namespace Streaming.Streams;

/// <summary>The shape of a <see cref="Topology"/>; <see cref="ToString"/> prints it in Kafka Streams' format.</summary>
public sealed class TopologyDescription(IReadOnlyList<SubtopologyDescription> subtopologies)
{
    public IReadOnlyList<SubtopologyDescription> Subtopologies { get; } = subtopologies;

    public override string ToString()
    {
        var sb = new StringBuilder("Topologies:\n");
        foreach (SubtopologyDescription sub in Subtopologies)
        {
            sb.Append("   Sub-topology: ").Append(sub.Id).Append(sub.IsGlobal ? " for global store (will not generate tasks)\n" : "\n");
            foreach (NodeDescription n in sub.Nodes)
            {
                sb.Append("    ").Append(n.Kind).Append(": ").Append(n.Name);
                sb.Append(n.Kind switch
                {
                    "Source" => $" (topics: [{string.Join(", ", n.Topics)}])",
                    "Sink" => n.Topics.Count == 0 ? " (topic: <chosen per record>)" : $" (topic: {n.Topics[0]})",
                    _ => $" (stores: [{string.Join(", ", n.Stores)}])",
                }).Append('\n');
                if (n.Kind != "Sink") sb.Append("      --> ").Append(n.Successors.Count == 0 ? "none" : string.Join(", ", n.Successors)).Append('\n');
                if (n.Kind != "Source") sb.Append("      <-- ").Append(string.Join(", ", n.Predecessors)).Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
