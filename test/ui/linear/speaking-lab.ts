/** A lab whose steps only print (echo, printf): the screen-reader tests need no engine. */
export const SPEAKING_LAB = `---
id: speak
title: Speaking lab
platforms: [linux]
---

A lab that only prints.

## Say hello

<!-- isolab
step: hello
checks:
  - id: greeted
    stdout: { contains: 'hello' }
    pass: "The greeting was printed."
    fail: "No greeting was printed."
-->

Print a greeting.

\`\`\`sh
echo hello
\`\`\`

## Say goodbye

<!-- isolab
step: goodbye
checks:
  - id: farewell
    stdout: { contains: 'goodbye' }
    pass: "The farewell was printed."
    fail: "No farewell was printed."
-->

Print a farewell.

\`\`\`sh
printf 'good%sbye\\n' ''
\`\`\`
`;
