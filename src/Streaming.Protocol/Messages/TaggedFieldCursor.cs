namespace Streaming.Protocol.Messages;

/// <summary>Progress through a tagged-field section; see <see cref="ProtocolReader.NextTaggedField"/>.</summary>
public struct TaggedFieldCursor
{
    internal TaggedFieldCursor(int count)
    {
        Left = count;
        FieldEnd = -1;
        Tag = -1;
    }

    internal int Left;
    internal int FieldEnd;
    internal int Tag;
}
