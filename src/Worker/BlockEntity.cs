using System.Globalization;
using Messages;

namespace Worker;

/// <summary>The identity of one block actor: a side and a block, written as the sharded entity id <c>users-7</c> or <c>items-3</c>.</summary>
/// <param name="Side">The side.</param>
/// <param name="BlockId">The block.</param>
public sealed record BlockEntity(BlockSide Side, int BlockId)
{
    /// <summary>The entity id.</summary>
    public string EntityId => string.Create(CultureInfo.InvariantCulture, $"{(Side == BlockSide.Users ? "users" : "items")}-{BlockId}");

    /// <summary>Parses an entity id.</summary>
    /// <exception cref="ArgumentException">Not of the form <c>users-N</c> or <c>items-N</c>.</exception>
    public static BlockEntity Parse(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        string[] parts = entityId.Split('-');
        if (parts.Length == 2 && parts[0] is "users" or "items" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int block))
            return new BlockEntity(parts[0] == "users" ? BlockSide.Users : BlockSide.Items, block);
        throw new ArgumentException($"'{entityId}' is not a block entity id (users-N or items-N).", nameof(entityId));
    }

    /// <summary>The entity a command is for: a solve goes to its side's block, an evaluation to the user block.</summary>
    /// <exception cref="ArgumentException">Not a block command.</exception>
    public static BlockEntity Of(object command) => command switch
    {
        SolveBlock solve => new BlockEntity(solve.Side, solve.BlockId),
        EvaluateBlock evaluate => new BlockEntity(BlockSide.Users, evaluate.BlockId),
        _ => throw new ArgumentException($"{command?.GetType().Name ?? "null"} is not a block command.", nameof(command)),
    };
}
