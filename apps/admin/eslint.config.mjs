import root from '../../eslint.config.mjs';

// The workspace rules, plus the console's: two Mantine inputs have a shared replacement here.
export default [
  ...root,
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/components/PasswordField.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@mantine/core',
              importNames: ['PasswordInput', 'JsonInput'],
              message:
                'Use components/PasswordField (it sets aria-invalid, which PasswordInput leaves out) or components/JsonField (JsonInput reformats on blur: the field grows under the pointer and the next click misses).',
            },
          ],
        },
      ],
    },
  },
];
