/** The completion scripts `flagstore completion <shell>` prints; each asks `flagstore __complete`. */

const BASH = `# flagstore completion for bash: source <(flagstore completion bash)
_flagstore_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(flagstore __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -o nosort -F _flagstore_complete flagstore
`;

const ZSH = `#compdef flagstore
# flagstore completion for zsh: source <(flagstore completion zsh), after compinit
_flagstore() {
  local -a candidates
  candidates=("\${(@f)$(flagstore __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then
    compadd -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
compdef _flagstore flagstore
`;

const FISH = `# flagstore completion for fish: flagstore completion fish > ~/.config/fish/completions/flagstore.fish
function __flagstore_complete
    set -l words (commandline -opc) (commandline -ct)
    flagstore __complete -- $words[2..-1] 2>/dev/null
end
complete -c flagstore -f -a '(__flagstore_complete)'
`;

/** The shells completion is written for. */
export const SHELLS = { bash: BASH, zsh: ZSH, fish: FISH } as const;

/** One of the shells of {@link SHELLS}. */
export type Shell = keyof typeof SHELLS;
