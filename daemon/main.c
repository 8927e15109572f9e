/* placeholder until the daemon core lands */
int main(void)
{
	return 0;
}
