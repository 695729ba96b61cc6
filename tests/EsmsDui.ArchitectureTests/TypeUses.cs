using Mono.Cecil;

namespace EsmsDui.ArchitectureTests;

/// <summary>Which types of an assembly name given types in their fields, method signatures or method bodies (read from the IL).</summary>
internal static class TypeUses
{
    /// <summary>The full names of the types (nested ones included) of the assembly at <paramref name="path"/> that use one of <paramref name="used"/>.</summary>
    public static List<string> Of(string path, IReadOnlyCollection<string> used)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        bool Named(TypeReference? type) => type is not null && used.Contains(type.FullName);
        return assembly.MainModule.GetTypes()
            .Where(type => type.Fields.Any(f => Named(f.FieldType))
                || type.Methods.Any(m => Named(m.ReturnType) || m.Parameters.Any(p => Named(p.ParameterType))
                    || (m.HasBody && m.Body.Instructions.Any(i => i.Operand is TypeReference r ? Named(r) : i.Operand is MemberReference member && Named(member.DeclaringType)))))
            .Select(type => type.FullName)
            .ToList();
    }
}
